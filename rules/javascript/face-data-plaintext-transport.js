// Tests for frt501-face-data-plaintext-transport-js
const faceapi = require('face-api.js');
const axios = require('axios');
const https = require('https');

const PLAIN_API = 'http://face.example.cn/api';
const TLS_API = 'https://face.example.cn/api';

async function sendFrame(canvas) {
  await faceapi.detectSingleFace(canvas);
  const jpeg = canvas.toDataURL('image/jpeg');
  // ruleid: frt501-face-data-plaintext-transport-js
  await fetch(PLAIN_API + '/frames', { method: 'POST', body: jpeg });
  // ok: frt501-face-data-plaintext-transport-js
  await fetch(TLS_API + '/frames', { method: 'POST', body: jpeg });
  // ok: frt501-face-data-plaintext-transport-js
  await fetch('http://127.0.0.1:9000/frames', { method: 'POST', body: jpeg });
}

async function sendTemplate(img) {
  const r = await faceapi.detectSingleFace(img).withFaceLandmarks().withFaceDescriptor();
  // ruleid: frt501-face-data-plaintext-transport-js
  await axios.post(`${PLAIN_API}/templates`, { t: Array.from(r.descriptor) });
  const insecure = { httpsAgent: new https.Agent({ rejectUnauthorized: false }) };
  // ruleid: frt501-face-data-plaintext-transport-js
  await axios.post(`${TLS_API}/templates`, { t: Array.from(r.descriptor) }, { httpsAgent: new https.Agent({ rejectUnauthorized: false }) });
  // ok: frt501-face-data-plaintext-transport-js
  await axios.post(`${PLAIN_API}/stats`, { faces: 1 });
}

function streamFrames(video) {
  const ws = new WebSocket('ws://cams.example.cn/ingest');
  faceapi.detectAllFaces(video).then(() => {});
  const canvas = document.createElement('canvas');
  // ruleid: frt501-face-data-plaintext-transport-js
  ws.send(video);
}

function relay(req, res) {
  const xhr = new XMLHttpRequest();
  xhr.open('POST', 'http://face.example.cn/api/relay');
  // ruleid: frt501-face-data-plaintext-transport-js
  xhr.send(req.body.faceImage);
}

async function sendTemplateWithClient(img) {
  const r = await faceapi.detectSingleFace(img).withFaceLandmarks().withFaceDescriptor();
  const api = axios.create({ timeout: 5000 });
  // ruleid: frt501-face-data-plaintext-transport-js
  await api.post('http://face.example.cn/api/templates', { t: Array.from(r.descriptor) });
}

async function emitFrame(canvas) {
  await faceapi.detectSingleFace(canvas);
  const jpeg = canvas.toDataURL('image/jpeg');
  const sock = io('http://face.example.cn');
  // ruleid: frt501-face-data-plaintext-transport-js
  sock.emit('frame', jpeg);
}

async function kioskHubUpload(detector, frame) {
  const faces = await detector.estimateFaces(frame);
  const jpeg = frame.toDataURL('image/jpeg');
  // ruleid: frt501-face-data-plaintext-transport-js
  await axios.put('http://kiosk-hub.example.cn/frames/latest', jpeg);
  // ruleid: frt501-face-data-plaintext-transport-js
  await axios.patch('http://kiosk-hub.example.cn/frames/latest', { jpeg, faces: faces.length });
  // ruleid: frt501-face-data-plaintext-transport-js
  await axios({ method: 'post', url: 'http://kiosk-hub.example.cn/frames', data: jpeg });
  // ok: frt501-face-data-plaintext-transport-js
  await axios({ method: 'post', url: 'https://kiosk-hub.example.cn/frames', data: jpeg });
  // ruleid: frt501-face-data-plaintext-transport-js
  navigator.sendBeacon('http://kiosk-hub.example.cn/beacon', jpeg);
  const hub = axios.create({ timeout: 3000 });
  // ruleid: frt501-face-data-plaintext-transport-js
  await hub.put('http://kiosk-hub.example.cn/frames/latest', jpeg);
  // ruleid: frt501-face-data-plaintext-transport-js
  await axios.put('https://kiosk-hub.example.cn/frames/latest', jpeg, { httpsAgent: new https.Agent({ rejectUnauthorized: false }) });
  // ok: frt501-face-data-plaintext-transport-js
  await axios.put('https://kiosk-hub.example.cn/frames/latest', jpeg, { httpsAgent: new https.Agent({ keepAlive: true }) });
}

function relayUpload(req, res) {
  // ruleid: frt501-face-data-plaintext-transport-js
  return axios.post('http://face.example.cn/api/relay', req.files.selfie.data);
}
