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

// the Human library's matcher
async function humanGate(human, desc, db, door) {
  const res = await human.match.find(desc, db);
  if (res.similarity > 0.6) {
    // ruleid: frt401-face-only-access-js
    door.unlock();
  }
}

// AWS SDK v3: the comparison is a command object sent through the client
async function kioskV3(client, bytes, turnstile) {
  const out = await client.send(new CompareFacesCommand({ SourceImage: { Bytes: bytes } }));
  if (out.FaceMatches.length > 0) {
    // ruleid: frt401-face-only-access-js
    turnstile.openGate();
  }
}

// helpers that run the match, called before the grant
async function matchWithHuman(human, desc, db) {
  const found = await human.match.find(desc, db);
  return found.similarity > 0.6;
}

async function humanKiosk(human, desc, db, lock) {
  const ok = await matchWithHuman(human, desc, db);
  if (ok) {
    // ruleid: frt401-face-only-access-js
    lock.unlock();
  }
}

async function searchStaff(client, bytes) {
  const out = await client.send(new SearchFacesByImageCommand({ CollectionId: 'staff', Image: { Bytes: bytes } }));
  return out.FaceMatches[0];
}

async function clockInKiosk(client, bytes, staff) {
  const hit = await searchStaff(client, bytes);
  if (hit) {
    // ruleid: frt401-face-only-access-js
    await recordAttendance(staff);
  }
}

function lockerOpen(matcher, probe, owner, locker) {
  if (matcher.findBestMatch(probe).label === owner.id) {
    // ruleid: frt401-face-only-access-js
    locker.unlock();
  }
}

function lockerGreeting(matcher, probe, owner) {
  if (matcher.findBestMatch(probe).label === owner.id) {
    // ok: frt401-face-only-access-js
    showBanner(`Hello ${owner.name}`);
  }
}

function humanTurnstile(human, probe, member, turnstile) {
  if (human.match.similarity(probe, member.embedding) > 0.65) {
    // ruleid: frt401-face-only-access-js
    turnstile.openTurnstile();
  }
}

async function entryOnSelfie(client, selfie, photo, door) {
  if ((await client.send(new CompareFacesCommand({ SourceImage: { Bytes: selfie }, TargetImage: { Bytes: photo } }))).FaceMatches.length > 0) {
    // ruleid: frt401-face-only-access-js
    door.unlock();
  }
}

async function clockInByFace(img, employeeId) {
  const same = await compareFaces(img, employeeId);
  if (same) {
    // ruleid: frt401-face-only-access-js
    await clockIn(employeeId);
  }
}

async function faceLoginRoute(req, res) {
  const result = await faceService.verifyFace(req.body.image, req.body.userId);
  if (!result.matched) return res.status(401).json({ error: 'face not recognised' });
  // ruleid: frt401-face-only-access-js
  const token = jwt.sign({ sub: req.body.userId }, process.env.JWT_SECRET, { expiresIn: '1h' });
  res.json({ token });
}

async function unlockLocker(faceClient, img, lockerId) {
  if (await faceClient.matchFace(img, lockerId)) {
    // ruleid: frt401-face-only-access-js
    await lockers.unlockLocker(lockerId);
  }
}

// helpers kept as arrow functions, and sync helpers called without await
const sameHumanFace = (human, probe, enrolled) => {
  const score = human.match.similarity(probe, enrolled);
  return score > 0.6;
};

function humanDoor(human, probe, resident, door) {
  if (sameHumanFace(human, probe, resident.embedding)) {
    // ruleid: frt401-face-only-access-js
    door.unlock();
  }
}

const whoIsAtTheGate = async (client, bytes) => {
  const out = await client.send(new SearchFacesByImageCommand({ CollectionId: 'residents', Image: { Bytes: bytes } }));
  return out.FaceMatches[0];
};

async function residentGate(client, bytes, gate) {
  if (await whoIsAtTheGate(client, bytes)) {
    // ruleid: frt401-face-only-access-js
    gate.openGate();
  }
}

function nearestResident(matcher, desc) {
  const best = matcher.findBestMatch(desc);
  return best.label === 'unknown' ? null : best.label;
}

function lobbyKiosk(matcher, desc, lobbyDoor) {
  const resident = nearestResident(matcher, desc);
  if (resident) {
    // ruleid: frt401-face-only-access-js
    lobbyDoor.unlock();
  }
}
