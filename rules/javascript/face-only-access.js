// Tests for frt401-face-only-access-js (this module offers no second way in)
const faceapi = require('face-api.js');
const AWS = require('aws-sdk');
const express = require('express');

const rekognition = new AWS.Rekognition();
const app = express();

async function kioskUnlock(desc, matcher, door) {
  const best = matcher.findBestMatch(desc);
  if (best.label !== 'unknown') {
    // ruleid: frt401-face-only-access-js
    door.unlock();
  } else {
    showMessage('not recognised');
  }
}

async function gateAfterBareAwait(desc, matcher, gate) {
  // an awaited call as a statement is matched by the plain statement form
  await matcher.findBestMatch(desc);
  // ruleid: frt401-face-only-access-js
  gate.unlock();
}

app.post('/login/face', async (req, res) => {
  const out = await rekognition.searchFacesByImage({ CollectionId: 'users', Image: { Bytes: Buffer.from(req.body.image, 'base64') } }).promise();
  if (out.FaceMatches.length === 0) {
    return res.status(401).end();
  }
  // ruleid: frt401-face-only-access-js
  req.session.userId = out.FaceMatches[0].Face.ExternalImageId;
  res.json({ ok: true });
});

async function attendance(img, staffId) {
  if (await verifyFace(img, staffId)) {
    // ruleid: frt401-face-only-access-js
    await markPresent(staffId);
  }
  // ok: frt401-face-only-access-js
  await logEvent('attendance-attempt', staffId);
}

async function detectOnly(img, door) {
  const dets = await faceapi.detectAllFaces(img);
  // ok: frt401-face-only-access-js
  door.unlock();
}

function greet(desc, matcher) {
  const best = matcher.findBestMatch(desc);
  // ok: frt401-face-only-access-js
  showBanner(`Hello ${best.label}`);
}

async function findMember(bytes) {
  const out = await rekognition.searchFacesByImage({ CollectionId: 'members', Image: { Bytes: bytes } }).promise();
  return out.FaceMatches[0];
}

const lookupVisitor = async (bytes) => {
  const out = await rekognition.searchFacesByImage({ CollectionId: 'visitors', Image: { Bytes: bytes } }).promise();
  return out.FaceMatches[0];
};

app.post('/member/face', async (req, res) => {
  const member = await findMember(Buffer.from(req.body.image, 'base64'));
  if (member) {
    // ruleid: frt401-face-only-access-js
    req.session.memberId = member.Face.ExternalImageId;
  }
  res.end();
});

app.post('/visitor/face', async (req, res) => {
  const visitor = await lookupVisitor(Buffer.from(req.body.image, 'base64'));
  // ruleid: frt401-face-only-access-js
  if (visitor) await openGate('visitor-lane');
  res.end();
});

function countMembers(list) {
  const n = list.filter(Boolean).length;
  // ok: frt401-face-only-access-js
  return login(n);
}
