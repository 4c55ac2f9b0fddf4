// Tests for frt103-face-template-stored-unencrypted-js (TypeScript)
import * as faceapi from 'face-api.js';
import * as crypto from 'crypto';
import { Collection } from 'mongodb';

export async function rememberMe(video: HTMLVideoElement, userId: string): Promise<void> {
  const r = await faceapi.detectSingleFace(video).withFaceLandmarks().withFaceDescriptor();
  if (!r) return;
  // ruleid: frt103-face-template-stored-unencrypted-js
  localStorage.setItem(`face:${userId}`, JSON.stringify(Array.from(r.descriptor)));
  // ok: frt103-face-template-stored-unencrypted-js
  localStorage.setItem(`faceScore:${userId}`, String(r.detection.score));
}

export async function rememberMeSealed(video: HTMLVideoElement, key: CryptoKey, iv: Uint8Array): Promise<void> {
  const r = await faceapi.detectSingleFace(video).withFaceLandmarks().withFaceDescriptor();
  if (!r) return;
  const sealed = await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, key, r.descriptor.buffer);
  // ok: frt103-face-template-stored-unencrypted-js
  localStorage.setItem('face:sealed', btoa(String.fromCharCode(...new Uint8Array(sealed))));
}

export async function enroll(users: Collection, img: HTMLImageElement, name: string): Promise<void> {
  const descriptor = await faceapi.computeFaceDescriptor(img);
  // ruleid: frt103-face-template-stored-unencrypted-js
  await users.insertOne({ name, template: Array.from(descriptor as Float32Array) });
}

export async function enrollEncrypted(users: Collection, img: HTMLImageElement, name: string, key: Buffer, iv: Buffer): Promise<void> {
  const descriptor = await faceapi.computeFaceDescriptor(img);
  const cipher = crypto.createCipheriv('aes-256-gcm', key, iv);
  const enc = cipher.update(JSON.stringify(Array.from(descriptor as Float32Array)), 'utf8', 'base64') + cipher.final('base64');
  // ok: frt103-face-template-stored-unencrypted-js
  await users.insertOne({ name, template: enc, tag: cipher.getAuthTag().toString('base64') });
}

export async function buildGallery(db: IDBDatabase, imgs: HTMLImageElement[]): Promise<void> {
  const all = await faceapi.detectAllFaces(imgs[0]).withFaceLandmarks().withFaceDescriptors();
  const rows = all.map((d, i) => ({ id: i, descriptor: Array.from(d.descriptor) }));
  // ruleid: frt103-face-template-stored-unencrypted-js
  db.transaction('faces', 'readwrite').objectStore('faces').put(rows);
}

export async function enrolFirestore(video: HTMLVideoElement, userRef: any, db: any): Promise<void> {
  const r = await faceapi.detectSingleFace(video).withFaceLandmarks().withFaceDescriptor();
  if (!r) return;
  const descriptorArray = Array.from(new Float32Array(r.descriptor));
  // ruleid: frt103-face-template-stored-unencrypted-js
  await updateDoc(userRef, { faceDescriptor: descriptorArray, enrolledAt: Date.now() });
  // ruleid: frt103-face-template-stored-unencrypted-js
  await db.collection('faces').doc('u1').set({ descriptor: descriptorArray });
  // ok: frt103-face-template-stored-unencrypted-js
  await updateDoc(userRef, { lastScore: r.detection.score });
}
