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

async function enrolProfilePicture(video, storage, user) {
  const r = await faceapi.detectSingleFace(video).withFaceLandmarks().withFaceDescriptor();
  if (!r) return null;
  const still = document.createElement('canvas');
  still.getContext('2d').drawImage(video, 0, 0);
  const blob = await new Promise((done) => still.toBlob(done, 'image/jpeg'));
  // ruleid: frt101-raw-face-image-persisted-js
  await uploadBytes(storageRef(storage, `portraits/${user.uid}`), blob);
  const thumb = still.toDataURL('image/jpeg');
  // ruleid: frt101-raw-face-image-persisted-js
  await storage.ref('portraits').child(user.uid).putString(thumb, 'data_url');
  // ok: frt101-raw-face-image-persisted-js
  await uploadString(storageRef(storage, `scores/${user.uid}`), String(r.detection.score));
  return r;
}

async function uploadBanner(storage, file) {
  const banner = document.createElement('canvas');
  banner.getContext('2d').drawImage(file, 0, 0);
  const blob = await new Promise((done) => banner.toBlob(done, 'image/png'));
  // ok: frt101-raw-face-image-persisted-js
  await uploadBytes(storageRef(storage, 'banners/top'), blob);
}

// a server module of a face app: uploads feed its recogniser
const { identifyUpload } = require('./faceRecognition');
const snapshots = multer.diskStorage({ destination: 'uploads/', filename: (req, file, cb) => cb(null, 'login.jpg') });
const snapUpload = multer({ storage: snapshots });
// ruleid: frt101-face-upload-multer-disk-js
app.post('/login', snapUpload.single('image'), async (req, res) => res.send(await identifyUpload()));
// ok: frt101-face-upload-multer-disk-js
app.post('/report', snapUpload.single('report'), async (req, res) => res.send('ok'));

async function analyseAndKeep(file, id) {
  const dataUrl = await fileToBase64(file);
  const res = await fetch('/api/analyze-face', { method: 'POST', body: JSON.stringify({ imageBase64: dataUrl.split(',')[1] }) });
  const result = await res.json();
  const list = JSON.parse(localStorage.getItem('patients') || '[]');
  const updated = list.map((p) => (p.id === id ? { ...p, photo: dataUrl, attrs: result.faces } : p));
  // ruleid: frt101-face-photo-kept-in-browser-storage-js
  localStorage.setItem('patients', JSON.stringify(updated));
  // ok: frt101-face-photo-kept-in-browser-storage-js
  localStorage.setItem('lastResult', JSON.stringify(result.faces.length));
}

async function keepAttachment(file) {
  const dataUrl = await fileToBase64(file);
  await fetch('/api/attachments', { method: 'POST', body: dataUrl });
  // ok: frt101-face-photo-kept-in-browser-storage-js
  localStorage.setItem('attachment', dataUrl);
}

async function checkInSelfie(file) {
  const photo = await readAsDataUrl(file);
  await axios.post('https://api.example.cn/face/verify', { photo });
  // ruleid: frt101-face-photo-kept-in-browser-storage-js
  sessionStorage.setItem('lastSelfie', photo);
  const record = { photo, at: Date.now() };
  // ruleid: frt101-face-photo-kept-in-browser-storage-js
  localStorage.setItem('history', JSON.stringify(record));
}

async function saveThemeFont(file) {
  const fontData = await fileToBase64(file);
  await fetch('/api/typeface/upload', { method: 'POST', body: fontData });
  // ok: frt101-face-photo-kept-in-browser-storage-js
  localStorage.setItem('font', fontData);
}

const fsp = require('fs/promises');
const cloudinary = require('cloudinary').v2;
const AWS = require('aws-sdk');
const s3 = new AWS.S3();

app.post('/attendance/photo', async (req, res) => {
  const jpeg = Buffer.from(req.body.facePhoto, 'base64');
  const key = `attendance/${req.body.staffId}-${Date.now()}.jpg`;
  // ruleid: frt101-raw-face-image-persisted-js
  fs.appendFile('/srv/attendance/faces.bin', jpeg, () => {});
  // ruleid: frt101-raw-face-image-persisted-js
  fs.appendFileSync('/srv/attendance/faces-today.bin', jpeg);
  // ruleid: frt101-raw-face-image-persisted-js
  await fs.promises.writeFile(`/srv/${key}`, jpeg);
  // ruleid: frt101-raw-face-image-persisted-js
  await fsp.writeFile(`/backup/${key}`, jpeg);
  // ok: frt101-raw-face-image-persisted-js
  await fsp.writeFile(`/srv/attendance/${req.body.staffId}.json`, JSON.stringify({ at: Date.now() }));
  // ruleid: frt101-raw-face-image-persisted-js
  await s3.putObject({ Bucket: 'attendance', Key: key, Body: jpeg, ContentType: 'image/jpeg' }).promise();
  // ruleid: frt101-raw-face-image-persisted-js
  await s3.upload({ Bucket: 'attendance-archive', Key: key, Body: jpeg }).promise();
  // ruleid: frt101-raw-face-image-persisted-js
  await cloudinary.uploader.upload(`data:image/jpeg;base64,${req.body.facePhoto}`, { folder: 'attendance' });
  // ok: frt101-raw-face-image-persisted-js
  await cloudinary.uploader.upload(pixelateFaces(jpeg), { folder: 'attendance-public' });
  res.sendStatus(201);
});

app.post('/kyc/selfie', (req, res) => {
  // ruleid: frt101-raw-face-image-persisted-js
  fs.writeFileSync(`/srv/kyc/${req.body.applicantId}.jpg`, req.files.selfie.data);
  // ok: frt101-raw-face-image-persisted-js
  fs.writeFileSync(`/srv/kyc/${req.body.applicantId}.pdf`, req.files.contract.data);
  res.sendStatus(201);
});

async function visitorSnapshot(video, db, visitId) {
  const r = await faceapi.detectSingleFace(video);
  const frame = new OffscreenCanvas(640, 480);
  frame.getContext('2d').drawImage(video, 0, 0);
  const blob = await frame.convertToBlob({ type: 'image/jpeg' });
  // ruleid: frt101-raw-face-image-persisted-js
  db.transaction('visitors', 'readwrite').objectStore('visitors').put(blob, visitId);
  // ruleid: frt101-raw-face-image-persisted-js
  db.transaction('history', 'readwrite').objectStore('history').add(blob);
  // ok: frt101-raw-face-image-persisted-js
  db.transaction('history', 'readwrite').objectStore('history').add({ visitId, faces: r ? 1 : 0 });
  return r;
}

async function enrolResumable(video, storage, uid) {
  const r = await faceapi.detectAllFaces(video);
  const still = document.createElement('canvas');
  still.getContext('2d').drawImage(video, 0, 0);
  const blob = await new Promise((resolve) => {
    still.toBlob(resolve, 'image/jpeg', 0.9);
  });
  // ruleid: frt101-raw-face-image-persisted-js
  uploadBytesResumable(storageRef(storage, `enrol/${uid}.jpg`), blob);
  // ruleid: frt101-raw-face-image-persisted-js
  await firebase.storage().ref(`enrol/${uid}.jpg`).put(blob);
  // ruleid: frt101-raw-face-image-persisted-js
  await firebase.storage().ref().child(`enrol/${uid}-copy.jpg`).put(blob);
  const dataUrl = still.toDataURL('image/jpeg');
  // ruleid: frt101-raw-face-image-persisted-js
  await uploadString(storageRef(storage, `enrol/${uid}.txt`), dataUrl, 'data_url');
  // ruleid: frt101-raw-face-image-persisted-js
  await firebase.storage().ref(`enrol/${uid}.b64`).putString(dataUrl, 'data_url');
  // ruleid: frt101-raw-face-image-persisted-js
  sessionStorage.setItem('enrolPreview', dataUrl);
  // ruleid: frt101-raw-face-image-persisted-js
  window.localStorage.setItem('enrolFace', dataUrl);
  // ok: frt101-raw-face-image-persisted-js
  window.localStorage.setItem('enrolCount', String(r.length));
}

const inlineDisk = multer({ storage: multer.diskStorage({ destination: '/srv/enrol', filename: (r, f, cb) => cb(null, `${Date.now()}.jpg`) }) });
// ruleid: frt101-face-upload-multer-disk-js
app.post('/enrol/photo', inlineDisk.single('facePhoto'), (req, res) => res.sendStatus(201));
