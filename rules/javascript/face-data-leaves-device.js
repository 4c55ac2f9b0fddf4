// Tests for frt104-face-data-leaves-device-js
import * as faceapi from 'face-api.js';
import axios from 'axios';

const API = 'https://id.example.cn/api';

export async function uploadForLogin(video) {
  const canvas = faceapi.createCanvasFromMedia(video);
  const det = await faceapi.detectSingleFace(canvas).withFaceLandmarks();
  const image = canvas.toDataURL('image/jpeg', 0.9);
  // ruleid: frt104-face-data-leaves-device-js
  return fetch(`${API}/login/face`, { method: 'POST', body: JSON.stringify({ image }) });
}

export async function uploadWithConsent(video, user) {
  if (!user.faceTransferConsent) {
    throw new Error('separate consent for sending face data is missing');
  }
  const canvas = faceapi.createCanvasFromMedia(video);
  const det = await faceapi.detectSingleFace(canvas).withFaceLandmarks();
  // ok: frt104-face-data-leaves-device-js
  return fetch(`${API}/login/face`, { method: 'POST', body: JSON.stringify({ image: canvas.toDataURL() }) });
}

export async function syncTemplate(img, userId) {
  const r = await faceapi.detectSingleFace(img).withFaceLandmarks().withFaceDescriptor();
  // ruleid: frt104-face-data-leaves-device-js
  await axios.post(`${API}/templates`, { userId, template: Array.from(r.descriptor) });
  // ok: frt104-face-data-leaves-device-js
  await axios.post(`${API}/events`, { userId, faces: 1, score: r.detection.score });
}

export async function syncTemplateLocal(img) {
  const r = await faceapi.detectSingleFace(img).withFaceLandmarks().withFaceDescriptor();
  // ok: frt104-face-data-leaves-device-js
  await axios.post('http://localhost:8080/templates', { template: Array.from(r.descriptor) });
}

export async function beaconCrop(img) {
  const dets = await faceapi.detectAllFaces(img);
  const faces = await faceapi.extractFaces(img, dets);
  const form = new FormData();
  faces[0].toBlob((blob) => {});
  form.append('face', faces[0].toDataURL());
  // ruleid: frt104-face-data-leaves-device-js
  navigator.sendBeacon(`${API}/crops`, form);
}

export async function afterConsentHelper(img, consentStore) {
  await consentStore.assertFaceConsent('upload');
  const r = await faceapi.detectSingleFace(img).withFaceLandmarks().withFaceDescriptor();
  // ok: frt104-face-data-leaves-device-js
  await axios.post(`${API}/templates`, { template: Array.from(r.descriptor) });
}

const FPP_DETECT = 'https://api-cn.faceplusplus.com/facepp/v3/detect';

export function detectUpload() {
  const files = document.getElementById('photo').files;
  const form = new FormData();
  form.append('api_key', KEY);
  form.append('image_file', files[0]);
  // ruleid: frt104-face-image-to-cloud-face-api-js
  $.ajax({ url: FPP_DETECT, type: 'POST', data: form, processData: false, contentType: false });
}

export async function detectBase64(b64) {
  // ruleid: frt104-face-image-to-cloud-face-api-js
  return axios.post('https://aip.baidubce.com/rest/2.0/face/v3/detect?access_token=' + TOKEN, { image: b64, image_type: 'BASE64' });
}

export async function analyzeByToken(token) {
  // ok: frt104-face-image-to-cloud-face-api-js
  return axios.post('https://api-cn.faceplusplus.com/facepp/v3/face/analyze', qs.stringify({ face_tokens: token }));
}

export async function ownBackend(b64) {
  // ok: frt104-face-image-to-cloud-face-api-js
  return axios.post('https://api.example.cn/photos', { image: b64 });
}

export async function detectAfterConsent(user, b64) {
  if (!user.cloudFaceConsent) return null;
  const body = new URLSearchParams();
  body.set('image_base64', b64);
  // ok: frt104-face-image-to-cloud-face-api-js
  return fetch(FPP_DETECT, { method: 'POST', body });
}

export async function enrolAvatar(video, storage, uid) {
  const r = await faceapi.detectSingleFace(video).withFaceLandmarks().withFaceDescriptor();
  const still = document.createElement('canvas');
  still.getContext('2d').drawImage(video, 0, 0);
  const blob = await new Promise((done) => still.toBlob(done, 'image/jpeg'));
  // ruleid: frt104-face-data-leaves-device-js
  await uploadBytes(storageRef(storage, `avatars/${uid}`), blob);
  return r;
}

export async function uploadChart(storage, chartCanvas) {
  const blob = await new Promise((done) => chartCanvas.toBlob(done, 'image/png'));
  // ok: frt104-face-data-leaves-device-js
  await uploadBytes(storageRef(storage, 'charts/latest'), blob);
}

export async function compareTwo(first, second) {
  const form = new FormData();
  form.append('image_file1', first);
  form.append('image_file2', second);
  // ruleid: frt104-face-image-to-cloud-face-api-js
  return fetch('https://api-cn.faceplusplus.com/facepp/v3/compare', { method: 'POST', body: form });
}

const VENDOR = { detect: 'https://aip.baidubce.com/rest/2.0/face/v3/detect', audit: 'https://audit.example.cn/log' };

export async function detectWithConfig(b64, token) {
  // ruleid: frt104-face-image-to-cloud-face-api-js
  const found = await fetch(VENDOR.detect, { method: 'POST', body: JSON.stringify({ image: b64, access_token: token }) });
  // ok: frt104-face-image-to-cloud-face-api-js
  await fetch(VENDOR.audit, { method: 'POST', body: JSON.stringify({ image: 'redacted', at: Date.now() }) });
  return found;
}

export async function streamTemplateXhr(img) {
  const r = await faceapi.detectSingleFace(img).withFaceLandmarks().withFaceDescriptor();
  const xhr = new XMLHttpRequest();
  xhr.open('POST', `${API}/templates`);
  // ruleid: frt104-face-data-leaves-device-js
  xhr.send(JSON.stringify(Array.from(r.descriptor)));
}

export async function streamTemplateWebSocket(img) {
  const r = await faceapi.detectSingleFace(img).withFaceLandmarks().withFaceDescriptor();
  const ws = new WebSocket('wss://id.example.cn/stream');
  // ruleid: frt104-face-data-leaves-device-js
  ws.send(JSON.stringify(Array.from(r.descriptor)));
}

export async function emitTemplate(img) {
  const r = await faceapi.detectSingleFace(img).withFaceLandmarks().withFaceDescriptor();
  const socket = io('https://id.example.cn');
  // ruleid: frt104-face-data-leaves-device-js
  socket.emit('template', Array.from(r.descriptor));
}

export async function postTemplateWithClient(img) {
  const r = await faceapi.detectSingleFace(img).withFaceLandmarks().withFaceDescriptor();
  const client = axios.create({ baseURL: API });
  // ruleid: frt104-face-data-leaves-device-js
  await client.post('/templates', { descriptor: Array.from(r.descriptor) });
}

export async function checkInStill(video, uid) {
  const r = await faceapi.detectSingleFace(video).withFaceLandmarks();
  const still = document.createElement('canvas');
  still.getContext('2d').drawImage(video, 0, 0);
  const photo = still.toDataURL('image/jpeg', 0.8);
  // ruleid: frt104-face-data-leaves-device-js
  await uploadString(storageRef(storage, `checkins/${uid}.jpg`), photo, 'data_url');
  // ruleid: frt104-face-data-leaves-device-js
  await firebase.storage().ref(`checkins/${uid}.jpg`).putString(photo, 'data_url');
  return r;
}

export async function kioskSnapshot(video, visitId) {
  const r = await faceapi.detectSingleFace(video);
  const frame = new OffscreenCanvas(640, 480);
  frame.getContext('2d').drawImage(video, 0, 0);
  const blob = await frame.convertToBlob({ type: 'image/jpeg' });
  // ruleid: frt104-face-data-leaves-device-js
  await axios.put(`${API}/visits/${visitId}/photo`, blob);
  // ruleid: frt104-face-data-leaves-device-js
  await firebase.storage().ref(`visits/${visitId}.jpg`).put(blob);
  return r;
}

export async function enrolResumable(video, storage, uid) {
  const r = await faceapi.detectAllFaces(video);
  const still = document.createElement('canvas');
  still.getContext('2d').drawImage(video, 0, 0);
  const blob = await new Promise((resolve) => {
    still.toBlob(resolve, 'image/jpeg', 0.9);
  });
  // ruleid: frt104-face-data-leaves-device-js
  const task = uploadBytesResumable(storageRef(storage, `enrol/${uid}.jpg`), blob);
  // ruleid: frt104-face-data-leaves-device-js
  await firebase.storage().ref().child(`enrol/${uid}.jpg`).put(blob);
  return [r, task];
}

export async function backupTemplate(img, uid) {
  const r = await faceapi.detectSingleFace(img).withFaceLandmarks().withFaceDescriptor();
  // ruleid: frt104-face-data-leaves-device-js
  await axios({ method: 'post', url: `${API}/enrol`, data: { uid, descriptor: Array.from(r.descriptor) } });
  // ruleid: frt104-face-data-leaves-device-js
  await firebase.storage().ref().child(`templates/${uid}.json`).putString(JSON.stringify(Array.from(r.descriptor)));
  const hr = axios.create({ baseURL: 'https://hr.example.cn' });
  // ruleid: frt104-face-data-leaves-device-js
  await hr.put(`/staff/${uid}/face`, { descriptor: Array.from(r.descriptor) });
  // ok: frt104-face-data-leaves-device-js
  await hr.put(`/staff/${uid}/status`, { enrolled: true, quality: r.detection.score });
}

export function registerKycRoutes(app) {
  app.post('/kyc/selfie', async (req, res) => {
    // ruleid: frt104-face-data-leaves-device-js
    await axios.patch(`https://kyc-partner.example.com/applicants/${req.body.applicantId}`, { photo: req.body.selfieBase64 });
    // ok: frt104-face-data-leaves-device-js
    await axios.patch(`https://kyc-partner.example.com/applicants/${req.body.applicantId}`, { step: req.body.step });
    res.sendStatus(204);
  });
  app.post('/kyc/upload', async (req, res) => {
    // ruleid: frt104-face-data-leaves-device-js
    const stored = await cloudinary.uploader.upload(req.files.facePhoto.tempFilePath, { folder: 'kyc' });
    res.json({ id: stored.public_id });
  });
}

export function detectUploadAxios(file) {
  const form = new FormData();
  form.append('api_key', KEY);
  form.append('image_file', file);
  // ruleid: frt104-face-image-to-cloud-face-api-js
  return axios({ method: 'post', url: 'https://api-cn.faceplusplus.com/facepp/v3/detect', data: form });
}

export function detectFromDisk(path) {
  // ruleid: frt104-face-image-to-cloud-face-api-js
  return rp({ uri: 'https://api-cn.faceplusplus.com/facepp/v3/detect', method: 'POST', formData: { api_key: KEY, image_file: fs.createReadStream(path) } });
}

export async function detectWithConfigAxios(b64) {
  // ruleid: frt104-face-image-to-cloud-face-api-js
  const viaRequest = await axios({ url: VENDOR.detect, method: 'post', data: { image: b64, image_type: 'BASE64' } });
  // ruleid: frt104-face-image-to-cloud-face-api-js
  const viaPost = await axios.post(VENDOR.detect, { image: b64, image_type: 'BASE64' });
  // ok: frt104-face-image-to-cloud-face-api-js
  await axios.post(VENDOR.audit, { image: 'redacted' });
  return [viaRequest, viaPost];
}

export async function kioskFrameToHub(detector, frame) {
  const faces = await detector.estimateFaces(frame);
  // ruleid: frt104-face-data-leaves-device-js
  await axios.post('https://hub.example.cn/frames', { frame: frame.toDataURL('image/jpeg') });
  // ok: frt104-face-data-leaves-device-js
  await axios.post('https://hub.example.cn/stats', { faces: faces.length });
}
