// Tests for frt103-face-template-document-saved-js: a server module whose records carry a
// face template (it reads user.faceDescriptor back) and saves records built from requests
const faceapi = require('face-api.js');
const { matchedData } = require('express-validator');
const Member = require('../models/Member');

async function register(req, res) {
  const data = matchedData(req);
  const member = new Member(data);
  // ruleid: frt103-face-template-document-saved-js
  await member.save();
  res.json({ ok: true });
}

async function registerRaw(req, res) {
  const body = req.body;
  // ruleid: frt103-face-template-document-saved-js
  await Member.create(body);
  res.json({ ok: true });
}

async function registerInline(req, res) {
  // ruleid: frt103-face-template-document-saved-js
  await new Member(req.body).save();
  res.json({ ok: true });
}

async function touchLastLogin(req, res) {
  const member = await Member.findById(req.params.id);
  member.lastLogin = new Date();
  // ok: frt103-face-template-document-saved-js
  await member.save();
  res.json({ ok: true });
}

async function addAuditRecord(req, res) {
  const entry = new AuditEntry({ at: Date.now(), ip: req.ip });
  // ok: frt103-face-template-document-saved-js
  await entry.save();
  res.json({ ok: true });
}

async function loginWithFace(req, res) {
  const members = await Member.find();
  const hit = members.find((m) => faceapi.euclideanDistance(req.body.faceDescriptor, m.faceDescriptor) < 0.4);
  res.json({ ok: Boolean(hit) });
}

async function registerWithDefaults(req, res) {
  const data = { ...req.body, enrolledAt: new Date() };
  const member = new Member(data);
  // ruleid: frt103-face-template-document-saved-js
  await member.save();
  res.status(201).end();
}

async function registerValidated(req, res) {
  const data = matchedData(req);
  // ruleid: frt103-face-template-document-saved-js
  await new Member(data).save();
  res.status(201).end();
}

async function registerDirect(req, res) {
  const member = new Member(req.body);
  // ruleid: frt103-face-template-document-saved-js
  await member.save();
  res.status(201).end();
}

async function registerCreate(req, res) {
  // ruleid: frt103-face-template-document-saved-js
  const member = await Member.create(req.body);
  res.status(201).json({ id: member.id });
}

async function renameMember(req, res) {
  const data = { name: req.body.name };
  const member = new Member(data);
  // ok: frt103-face-template-document-saved-js
  await member.save();
  res.status(201).end();
}
