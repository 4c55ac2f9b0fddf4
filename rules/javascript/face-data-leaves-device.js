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
