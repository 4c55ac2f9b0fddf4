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

import * as fs from 'fs';
import * as fsp from 'fs/promises';
import { doc, setDoc, addDoc, collection } from 'firebase/firestore';
import { ref, set, update, push } from 'firebase/database';

export async function enrolOnServer(img: any, staffId: string, deps: any): Promise<void> {
  const { users, pool, sqlite } = deps;
  const descriptor = await faceapi.computeFaceDescriptor(img);
  const template = JSON.stringify(Array.from(descriptor as Float32Array));
  // ruleid: frt103-face-template-stored-unencrypted-js
  fs.writeFile(`/srv/templates/${staffId}.json`, template, () => undefined);
  // ruleid: frt103-face-template-stored-unencrypted-js
  fs.writeFileSync(`/srv/templates/${staffId}.bak`, template);
  // ruleid: frt103-face-template-stored-unencrypted-js
  await fs.promises.writeFile(`/srv/templates/${staffId}.v2.json`, template);
  // ruleid: frt103-face-template-stored-unencrypted-js
  await fsp.writeFile(`/backup/templates/${staffId}.json`, template);
  // ok: frt103-face-template-stored-unencrypted-js
  await fsp.writeFile(`/srv/templates/${staffId}.meta`, JSON.stringify({ staffId, at: Date.now() }));
  // ruleid: frt103-face-template-stored-unencrypted-js
  await users.insertMany([{ staffId, template }]);
  // ruleid: frt103-face-template-stored-unencrypted-js
  await users.updateOne({ staffId }, { $set: { template } });
  // ruleid: frt103-face-template-stored-unencrypted-js
  await users.replaceOne({ staffId }, { staffId, template });
  // ok: frt103-face-template-stored-unencrypted-js
  await users.updateOne({ staffId }, { $set: { enrolledAt: new Date() } });
  // ruleid: frt103-face-template-stored-unencrypted-js
  await pool.query('INSERT INTO face_templates (staff_id, template) VALUES ($1, $2)', [staffId, template]);
  // ruleid: frt103-face-template-stored-unencrypted-js
  sqlite.run('INSERT INTO templates (staff_id, template) VALUES (?, ?)', [staffId, template]);
  // ruleid: frt103-face-template-stored-unencrypted-js
  await StaffFace.create({ staffId, template });
}

export async function enrolInBrowser(video: HTMLVideoElement, uid: string, idb: IDBDatabase, firestore: any, rtdb: any): Promise<void> {
  const r = await faceapi.detectSingleFace(video).withFaceLandmarks().withFaceDescriptor();
  if (!r) return;
  const descriptor = Array.from(r.descriptor);
  // ruleid: frt103-face-template-stored-unencrypted-js
  sessionStorage.setItem('pendingFace', JSON.stringify(descriptor));
  // ruleid: frt103-face-template-stored-unencrypted-js
  window.localStorage.setItem('face', JSON.stringify(descriptor));
  // ruleid: frt103-face-template-stored-unencrypted-js
  idb.transaction('faces', 'readwrite').objectStore('faces').add({ uid, descriptor });
  // ruleid: frt103-face-template-stored-unencrypted-js
  await setDoc(doc(firestore, 'faces', uid), { descriptor });
  // ruleid: frt103-face-template-stored-unencrypted-js
  await addDoc(collection(firestore, 'enrolments'), { uid, descriptor });
  // ruleid: frt103-face-template-stored-unencrypted-js
  await firestore.collection('faceHistory').add({ uid, descriptor });
  // ruleid: frt103-face-template-stored-unencrypted-js
  await firestore.collection('users').doc(uid).update({ descriptor });
  // ruleid: frt103-face-template-stored-unencrypted-js
  await set(ref(rtdb, `faces/${uid}`), descriptor);
  // ruleid: frt103-face-template-stored-unencrypted-js
  await update(ref(rtdb, `users/${uid}`), { descriptor });
  // ruleid: frt103-face-template-stored-unencrypted-js
  await push(ref(rtdb, 'enrolments'), { uid, descriptor });
  // ok: frt103-face-template-stored-unencrypted-js
  await push(ref(rtdb, 'enrolments'), { uid, at: Date.now() });
}

export async function cacheTemplate(redis: { hset: (...args: unknown[]) => Promise<number> }, img: HTMLImageElement, staffId: string): Promise<void> {
  const descriptor = await faceapi.computeFaceDescriptor(img);
  // ok: frt103-face-template-stored-unencrypted-js
  await redis.hset(`staff:${staffId}`, 'enrolled', Date.now());
  // ruleid: frt103-face-template-stored-unencrypted-js
  await redis.hset(`staff:${staffId}`, 'template', JSON.stringify(Array.from(descriptor as Float32Array)));
}
