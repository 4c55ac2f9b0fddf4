// Tests for frt101-raw-face-image-persisted-js and frt101-face-upload-multer-disk-js
const fs = require('fs');
const express = require('express');
const multer = require('multer');
const faceapi = require('face-api.js');
const { S3Client, PutObjectCommand } = require('@aws-sdk/client-s3');

async function snapshotLogin(video) {
  const canvas = document.createElement('canvas');
  canvas.getContext('2d').drawImage(video, 0, 0);
  const result = await faceapi.detectSingleFace(canvas).withFaceLandmarks().withFaceDescriptor();
  // ruleid: frt101-raw-face-image-persisted-js
  localStorage.setItem('lastLoginFace', canvas.toDataURL('image/jpeg'));
  // ok: frt101-raw-face-image-persisted-js
  localStorage.setItem('lastLoginScore', String(result.detection.score));
  const safe = blurFaceRegions(canvas, [result.detection.box]);
  // ok: frt101-raw-face-image-persisted-js
  localStorage.setItem('preview', safe.toDataURL('image/jpeg'));
}

async function cropAndKeep(img, outDir) {
  const detections = await faceapi.detectAllFaces(img);
  const crops = await faceapi.extractFaces(img, detections);
  let i = 0;
  for (const c of crops) {
    const b64 = c.toDataURL('image/png').split(',')[1];
    // ruleid: frt101-raw-face-image-persisted-js
    fs.writeFileSync(`${outDir}/face-${i++}.png`, Buffer.from(b64, 'base64'));
  }
}

async function tfjsArchive(detector, frame, s3) {
  const faces = await detector.estimateFaces(frame);
  const jpeg = encodeJpeg(frame);
  // ruleid: frt101-raw-face-image-persisted-js
  await s3.send(new PutObjectCommand({ Bucket: 'frames', Key: 'f.jpg', Body: jpeg }));
  // ok: frt101-raw-face-image-persisted-js
  await s3.send(new PutObjectCommand({ Bucket: 'meta', Key: 'n.json', Body: String(faces.length) }));
}

const app = express();
app.post('/enroll', (req, res) => {
  const buf = Buffer.from(req.body.faceImage, 'base64');
  // ruleid: frt101-raw-face-image-persisted-js
  fs.writeFile(`/srv/faces/${req.body.userId}.jpg`, buf, () => res.sendStatus(201));
  // ok: frt101-raw-face-image-persisted-js
  fs.writeFile(`/srv/names/${req.body.userId}.txt`, req.body.displayName, () => {});
});

app.post('/verify-temp', async (req, res) => {
  const tmp = `/tmp/${Date.now()}.jpg`;
  try {
    // ok: frt101-raw-face-image-persisted-js
    fs.writeFileSync(tmp, Buffer.from(req.body.selfie, 'base64'));
    res.json(await runVerifier(tmp));
  } finally {
    fs.unlinkSync(tmp);
  }
});

app.post('/archive', (req, res) => {
  const out = fs.createWriteStream('/srv/archive/selfies.bin', { flags: 'a' });
  // ruleid: frt101-raw-face-image-persisted-js
  out.write(Buffer.from(req.body.selfieJpeg, 'base64'));
  // ok: frt101-raw-face-image-persisted-js
  res.write(Buffer.from(req.body.selfieJpeg, 'base64'));
  res.end();
});

const faceUpload = multer({ dest: '/srv/uploads/faces' });
const docUpload = multer({ storage: multer.memoryStorage() });
// ruleid: frt101-face-upload-multer-disk-js
app.post('/register', faceUpload.single('face'), (req, res) => res.sendStatus(201));
// ruleid: frt101-face-upload-multer-disk-js
app.post('/gallery', faceUpload.array('facePhotos', 5), (req, res) => res.sendStatus(201));
// ok: frt101-face-upload-multer-disk-js
app.post('/invoice', faceUpload.single('invoice'), (req, res) => res.sendStatus(201));
// ok: frt101-face-upload-multer-disk-js
app.post('/check', docUpload.single('face'), (req, res) => res.sendStatus(200));

const storage = multer.diskStorage({ destination: '/srv/selfies', filename: (r, f, cb) => cb(null, f.originalname) });
const selfieUpload = multer({ storage: storage });
// ruleid: frt101-face-upload-multer-disk-js
app.post('/selfie', selfieUpload.single('selfie'), (req, res) => res.sendStatus(201));
