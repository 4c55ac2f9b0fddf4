// Tests for frt502-loose-match-threshold-js
const faceapi = require('face-api.js');
const { RekognitionClient, SearchFacesByImageCommand } = require('@aws-sdk/client-rekognition');

function buildMatchers(labeled) {
  // ruleid: frt502-loose-match-threshold-js
  const loose = new faceapi.FaceMatcher(labeled, 0.75);
  // ok: frt502-loose-match-threshold-js
  const strict = new faceapi.FaceMatcher(labeled, 0.45);
  // ok: frt502-loose-match-threshold-js
  const dflt = new faceapi.FaceMatcher(labeled);
  return [loose, strict, dflt];
}

function samePerson(a, b) {
  // ruleid: frt502-loose-match-threshold-js
  return faceapi.euclideanDistance(a, b) < 0.8;
}

function bestIsGood(matcher, d) {
  const best = matcher.findBestMatch(d);
  // ruleid: frt502-loose-match-threshold-js
  return best.distance <= 0.7;
}

async function search(bytes) {
  const client = new RekognitionClient({});
  // ruleid: frt502-loose-match-threshold-js
  const out = await client.send(new SearchFacesByImageCommand({ CollectionId: 'c', Image: { Bytes: bytes }, FaceMatchThreshold: 60 }));
  // ok: frt502-loose-match-threshold-js
  const out2 = await client.send(new SearchFacesByImageCommand({ CollectionId: 'c', Image: { Bytes: bytes }, FaceMatchThreshold: 95 }));
  // ruleid: frt502-loose-match-threshold-js
  return out.FaceMatches.filter((m) => m.Similarity > 70);
}

function routeDistance(a, b) {
  // ok: frt502-loose-match-threshold-js
  return geo.distance(a, b) < 5;
}

function doorMatch(probe, resident) {
  // ruleid: frt502-loose-match-threshold-js
  return faceapi.euclideanDistance(probe, resident.descriptor) <= 0.65;
}

function attendanceMatch(probe, student) {
  // ruleid: frt502-loose-match-threshold-js
  if (0.7 > faceapi.euclideanDistance(probe, student.descriptor)) return student.id;
  // ok: frt502-loose-match-threshold-js
  if (0.5 > faceapi.euclideanDistance(probe, student.descriptor)) return student.id;
  return null;
}

function kioskIdentify(matcher, d) {
  const best = matcher.findBestMatch(d);
  // ruleid: frt502-loose-match-threshold-js
  if (best.distance < 0.65) return best.label;
  // ok: frt502-loose-match-threshold-js
  if (best.distance < 0.5) return best.label;
  return null;
}

async function compareWithIdPhoto(client, selfie, idPhoto) {
  // ruleid: frt502-loose-match-threshold-js
  const out = await client.send(new CompareFacesCommand({ SourceImage: { Bytes: selfie }, TargetImage: { Bytes: idPhoto }, SimilarityThreshold: 50 }));
  // ruleid: frt502-loose-match-threshold-js
  return out.FaceMatches.some((m) => m.Similarity >= 75);
}
