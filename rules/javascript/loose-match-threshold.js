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
