// Tests for the frt201-*-js rules
const faceapi = require('face-api.js');
const AWS = require('aws-sdk');
const { RekognitionClient, SearchFacesByImageCommand, IndexFacesCommand, DetectFacesCommand } = require('@aws-sdk/client-rekognition');
const tf = require('@tensorflow/tfjs-node');
const blazeface = require('@tensorflow-models/blazeface');

async function identify(img, labeled) {
  // ruleid: frt201-faceapi-recogniser-without-consent-js
  const r = await faceapi.detectSingleFace(img).withFaceLandmarks().withFaceDescriptor();
  // ruleid: frt201-faceapi-recogniser-without-consent-js
  const matcher = new faceapi.FaceMatcher(labeled, 0.5);
  // ruleid: frt201-faceapi-recogniser-without-consent-js
  return matcher.findBestMatch(r.descriptor);
}

async function identifyWithConsent(img, labeled, user) {
  if (!user.faceConsent) {
    return null;
  }
  // ok: frt201-faceapi-recogniser-without-consent-js
  const r = await faceapi.detectSingleFace(img).withFaceLandmarks().withFaceDescriptor();
  // ok: frt201-faceapi-recogniser-without-consent-js
  return new faceapi.FaceMatcher(labeled, 0.5).findBestMatch(r.descriptor);
}

async function profile(img, session) {
  if (session.consent.faceAnalysis) {
    // ok: frt201-faceapi-recogniser-without-consent-js
    return faceapi.detectSingleFace(img).withFaceExpressions().withAgeAndGender();
  }
  // ruleid: frt201-faceapi-recogniser-without-consent-js
  return faceapi.detectSingleFace(img).withFaceExpressions().withAgeAndGender();
}

async function blurAll(img) {
  // ok: frt201-faceapi-recogniser-without-consent-js
  const boxes = await faceapi.detectAllFaces(img).withFaceLandmarks();
  return blurRegions(img, boxes.map((b) => b.detection.box));
}

const rekognition = new AWS.Rekognition({ region: 'cn-north-1' });

async function searchV2(bytes) {
  // ruleid: frt201-rekognition-without-consent-js
  const res = await rekognition.searchFacesByImage({ CollectionId: 'staff', Image: { Bytes: bytes }, FaceMatchThreshold: 95 }).promise();
  // ok: frt201-rekognition-without-consent-js
  const boxes = await rekognition.detectFaces({ Image: { Bytes: bytes } }).promise();
  // ruleid: frt201-rekognition-without-consent-js
  const attrs = await rekognition.detectFaces({ Image: { Bytes: bytes }, Attributes: ['ALL'] }).promise();
  return [res, boxes, attrs];
}

async function searchV3(bytes, person) {
  const client = new RekognitionClient({ region: 'cn-north-1' });
  // ruleid: frt201-rekognition-without-consent-js
  await client.send(new IndexFacesCommand({ CollectionId: 'staff', Image: { Bytes: bytes }, ExternalImageId: person.id }));
  if (!(await hasBiometricConsent(person.id))) throw new Error('no consent');
  // ok: frt201-rekognition-without-consent-js
  return client.send(new SearchFacesByImageCommand({ CollectionId: 'staff', Image: { Bytes: bytes } }));
}

async function countFaces(bytes) {
  const client = new RekognitionClient({ region: 'cn-north-1' });
  // ok: frt201-rekognition-without-consent-js
  return client.send(new DetectFacesCommand({ Image: { Bytes: bytes } }));
}

async function embedWithFacenet(faceTensor) {
  const model = await tf.loadGraphModel('file://models/facenet/model.json');
  // ruleid: frt201-tfjs-face-embedding-without-consent-js
  return model.predict(faceTensor);
}

async function embedAfterConsent(faceTensor, userId) {
  await requireFaceConsent(userId);
  const model = await tf.loadGraphModel('file://models/mobilefacenet/model.json');
  // ok: frt201-tfjs-face-embedding-without-consent-js
  return model.predict(faceTensor);
}

async function classifyScene(tensor) {
  const model = await tf.loadGraphModel('file://models/mobilenet/model.json');
  // ok: frt201-tfjs-face-embedding-without-consent-js
  return model.predict(tensor);
}

async function arcface(faceTensor) {
  const net = await tf.loadLayersModel('https://models.example.cn/arcface-r50/model.json');
  // ruleid: frt201-tfjs-face-embedding-without-consent-js
  const emb = net.predict(faceTensor.expandDims(0));
  // ruleid: frt201-tfjs-face-embedding-without-consent-js
  return [emb, await net.executeAsync(faceTensor)];
}

async function boxesOnly(img) {
  const det = await blazeface.load();
  // ok: frt201-tfjs-face-embedding-without-consent-js
  return det.estimateFaces(img, false);
}
