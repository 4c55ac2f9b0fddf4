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

const FACEPP_COMPARE = 'https://api-cn.faceplusplus.com/facepp/v3/compare';
const FACEPP_DETECT = 'https://api-cn.faceplusplus.com/facepp/v3/detect';

async function compareCloud(a, b) {
  // ruleid: frt201-face-cloud-api-without-consent-js
  const res = await fetch(FACEPP_COMPARE, { method: 'POST', body: new URLSearchParams({ image_base64_1: a, image_base64_2: b }) });
  // ok: frt201-face-cloud-api-without-consent-js
  console.log(FACEPP_COMPARE);
  return res.json();
}

function analyzeToken(token) {
  // ruleid: frt201-face-cloud-api-without-consent-js
  $.ajax({ url: 'https://api-cn.faceplusplus.com/facepp/v3/face/analyze', type: 'POST', data: { face_tokens: token, return_attributes: 'age,gender' } });
}

async function baiduSearch(token, b64) {
  // ruleid: frt201-face-cloud-api-without-consent-js
  return axios.post(`https://aip.baidubce.com/rest/2.0/face/v3/search?access_token=${token}`, { image: b64, image_type: 'BASE64', group_id_list: 'staff' });
}

async function baiduSearchConsented(user, token, b64) {
  if (!user.faceConsent) throw new Error('consent required');
  // ok: frt201-face-cloud-api-without-consent-js
  return axios.post(`https://aip.baidubce.com/rest/2.0/face/v3/search?access_token=${token}`, { image: b64, image_type: 'BASE64', group_id_list: 'staff' });
}

async function detectAttrs(b64, attrs) {
  const form = new URLSearchParams();
  form.set('image_base64', b64);
  form.set('return_attributes', attrs);
  // ruleid: frt201-face-cloud-api-without-consent-js
  return fetch(FACEPP_DETECT, { method: 'POST', body: form.toString() });
}

async function detectBoxes(b64) {
  const form = new URLSearchParams();
  form.set('image_base64', b64);
  form.set('return_attributes', 'none');
  // ok: frt201-face-cloud-api-without-consent-js
  return fetch(FACEPP_DETECT, { method: 'POST', body: form.toString() });
}

async function detectOnly(b64) {
  // ok: frt201-face-cloud-api-without-consent-js
  return axios.post(FACEPP_DETECT, qs.stringify({ image_base64: b64 }));
}

async function azureIdentify(faceIds) {
  const xhr = new XMLHttpRequest();
  // ruleid: frt201-face-cloud-api-without-consent-js
  xhr.open('POST', 'https://westeurope.api.cognitive.microsoft.com/face/v1.0/identify');
  xhr.send(JSON.stringify({ personGroupId: 'staff', faceIds }));
}

const tencentcloud = require('tencentcloud-sdk-nodejs');
const AipFaceClient = require('baidu-aip-sdk').face;
const iai = new tencentcloud.iai.v20200303.Client({ credential: CRED, region: 'ap-guangzhou' });
const aip = new AipFaceClient(process.env.BAIDU_APP_ID, process.env.BAIDU_KEY, process.env.BAIDU_SECRET);

async function tencentSearch(b64) {
  // ruleid: frt201-face-cloud-api-without-consent-js
  return iai.SearchFaces({ GroupIds: ['staff'], Image: b64, MaxPersonNum: 1 });
}

async function tencentGroups() {
  // ok: frt201-face-cloud-api-without-consent-js
  return iai.GetGroupList({ Offset: 0, Limit: 10 });
}

async function tencentRaw(payload, signature) {
  // ruleid: frt201-face-cloud-api-without-consent-js
  return axios.post('https://iai.tencentcloudapi.com', payload, { headers: { Authorization: signature, 'X-TC-Action': 'VerifyPerson', 'X-TC-Version': '2020-03-03' } });
}

async function baiduSdkSearch(b64, person) {
  // ruleid: frt201-face-cloud-api-without-consent-js
  const found = await aip.search(b64, 'BASE64', 'staff');
  if (!(await hasFaceConsent(person))) return found;
  // ok: frt201-face-cloud-api-without-consent-js
  return aip.addUser(b64, 'BASE64', 'staff', person.id);
}

async function baiduSdkDetect(b64) {
  // ok: frt201-face-cloud-api-without-consent-js
  return aip.detect(b64, 'BASE64');
}

const FACE_CONFIG = { key: process.env.FPP_KEY, searchUrl: 'https://api-cn.faceplusplus.com/facepp/v3/search', statusUrl: 'https://status.example.cn/ping' };

async function searchWithConfig(token) {
  // ruleid: frt201-face-cloud-api-without-consent-js
  const hit = await axios.post(FACE_CONFIG.searchUrl, qs.stringify({ api_key: FACE_CONFIG.key, face_token: token, outer_id: 'members' }));
  // ok: frt201-face-cloud-api-without-consent-js
  await axios.post(FACE_CONFIG.statusUrl, { up: true });
  return hit;
}

async function rollCall(classPhoto, roster) {
  // ruleid: frt201-faceapi-recogniser-without-consent-js
  const faces = await faceapi.detectAllFaces(classPhoto).withFaceLandmarks().withFaceDescriptors();
  // ruleid: frt201-faceapi-recogniser-without-consent-js
  const enrolled = roster.map((s) => new faceapi.LabeledFaceDescriptors(s.studentId, s.descriptors.map((d) => new Float32Array(d))));
  return [faces, enrolled];
}

async function unlockDoor(alignedFace, residentDescriptor) {
  // ruleid: frt201-faceapi-recogniser-without-consent-js
  const probe = await faceapi.computeFaceDescriptor(alignedFace);
  // ruleid: frt201-faceapi-recogniser-without-consent-js
  return faceapi.euclideanDistance(probe, residentDescriptor) < 0.45;
}

async function unlockDoorWithConsent(alignedFace, resident) {
  if (!resident.biometricConsent) return false;
  // ok: frt201-faceapi-recogniser-without-consent-js
  const probe = await faceapi.computeFaceDescriptor(alignedFace);
  // ok: frt201-faceapi-recogniser-without-consent-js
  return faceapi.euclideanDistance(probe, resident.descriptor) < 0.45;
}

async function adAudience(frame) {
  // ruleid: frt201-faceapi-recogniser-without-consent-js
  return faceapi.detectAllFaces(frame).withAgeAndGender();
}

async function humanLogin(human, video, members) {
  const result = await human.detect(video);
  const embedding = result.face[0].embedding;
  // ruleid: frt201-faceapi-recogniser-without-consent-js
  const best = human.match.find(embedding, members.map((m) => m.embedding));
  // ruleid: frt201-faceapi-recogniser-without-consent-js
  const score = human.match.similarity(embedding, members[best.index].embedding);
  return score > 0.6 ? members[best.index] : null;
}

async function humanLoginWithConsent(human, video, member) {
  await ensureFaceConsent(member.id);
  const result = await human.detect(video);
  // ok: frt201-faceapi-recogniser-without-consent-js
  return human.match.similarity(result.face[0].embedding, member.embedding) > 0.6;
}

async function audienceDemographics(bytes) {
  const client = new RekognitionClient({ region: 'cn-north-1' });
  // ruleid: frt201-rekognition-without-consent-js
  return client.send(new DetectFacesCommand({ Image: { Bytes: bytes }, Attributes: ['AGE_RANGE'] }));
}

async function embedGraph(faceTensor) {
  const model = await tf.loadGraphModel('file://models/face_embedding/model.json');
  // ruleid: frt201-tfjs-face-embedding-without-consent-js
  return model.execute(faceTensor, 'embeddings');
}

async function compareWithAxiosConfig(a, b) {
  // ruleid: frt201-face-cloud-api-without-consent-js
  const res = await axios({ method: 'post', url: 'https://api-cn.faceplusplus.com/facepp/v3/compare', data: qs.stringify({ image_base64_1: a, image_base64_2: b }) });
  return res.data.confidence;
}

async function verifyWithRequest(b64, idCardPhoto) {
  // ruleid: frt201-face-cloud-api-without-consent-js
  return rp({ uri: 'https://aip.baidubce.com/rest/2.0/face/v3/match', method: 'POST', json: [{ image: b64 }, { image: idCardPhoto }] });
}

async function compareOnHost(a, b) {
  // ruleid: frt201-face-cloud-api-without-consent-js
  return fetch(new URL('/facepp/v3/compare', process.env.FACEPP_HOST), { method: 'POST', body: new URLSearchParams({ image_base64_1: a, image_base64_2: b }) });
}

async function tencentSearchFetch(payload, signature) {
  // ruleid: frt201-face-cloud-api-without-consent-js
  return fetch('https://iai.tencentcloudapi.com', { method: 'POST', body: payload, headers: { Authorization: signature, 'X-TC-Action': 'SearchPersons', 'X-TC-Version': '2020-03-03' } });
}

async function tencentGroupListFetch(payload, signature) {
  // ok: frt201-face-cloud-api-without-consent-js
  return fetch('https://iai.tencentcloudapi.com', { method: 'POST', body: payload, headers: { Authorization: signature, 'X-TC-Action': 'GetGroupList', 'X-TC-Version': '2020-03-03' } });
}

async function searchFromConfig(token) {
  // ruleid: frt201-face-cloud-api-without-consent-js
  const viaFetch = await fetch(FACE_CONFIG.searchUrl, { method: 'POST', body: new URLSearchParams({ api_key: FACE_CONFIG.key, face_token: token }) });
  // ruleid: frt201-face-cloud-api-without-consent-js
  const viaAxios = await axios({ method: 'post', url: FACE_CONFIG.searchUrl, data: qs.stringify({ face_token: token }) });
  return [viaFetch, viaAxios];
}

async function visitorAttributes(b64, token) {
  // ruleid: frt201-face-cloud-api-without-consent-js
  const baidu = await axios.post(`https://aip.baidubce.com/rest/2.0/face/v3/detect?access_token=${token}`, { image: b64, image_type: 'BASE64', face_field: 'age,gender,beauty' });
  // ruleid: frt201-face-cloud-api-without-consent-js
  const facepp = await rp({ uri: 'https://api-cn.faceplusplus.com/facepp/v3/detect', method: 'POST', form: { image_base64: b64, return_attributes: 'gender,age,ethnicity' } });
  // ruleid: frt201-face-cloud-api-without-consent-js
  const viaAxios = await axios({ url: FACEPP_DETECT, method: 'post', data: qs.stringify({ image_base64: b64, return_attributes: 'gender,age' }) });
  return [baidu, facepp, viaAxios];
}

async function visitorBoxes(b64, token) {
  // ok: frt201-face-cloud-api-without-consent-js
  return axios.post(`https://aip.baidubce.com/rest/2.0/face/v3/detect?access_token=${token}`, { image: b64, image_type: 'BASE64' });
}

function kioskAttributes(blob) {
  const fd = new FormData();
  fd.append('image_file', blob);
  fd.append('return_attributes', 'gender,age,emotion');
  const xhr = new XMLHttpRequest();
  // ruleid: frt201-face-cloud-api-without-consent-js
  xhr.open('POST', FACEPP_DETECT);
  xhr.send(fd);
}

async function attributesOnHost(b64) {
  const form = new URLSearchParams({ image_base64: b64 });
  form.set('return_attributes', 'age,beauty');
  // ruleid: frt201-face-cloud-api-without-consent-js
  return fetch(new URL('/facepp/v3/detect', process.env.FACEPP_HOST), { method: 'POST', body: form });
}

const DETECT_CONFIG = { detectUrl: 'https://api-cn.faceplusplus.com/facepp/v3/detect' };

async function attributesFromConfig(b64) {
  // ruleid: frt201-face-cloud-api-without-consent-js
  const viaFetch = await fetch(DETECT_CONFIG.detectUrl, { method: 'POST', body: new URLSearchParams({ image_base64: b64, return_attributes: 'gender,age' }) });
  // ruleid: frt201-face-cloud-api-without-consent-js
  const viaAxios = await axios({ url: DETECT_CONFIG.detectUrl, method: 'post', data: qs.stringify({ image_base64: b64, return_attributes: 'emotion' }) });
  // ruleid: frt201-face-cloud-api-without-consent-js
  const viaPost = await axios.post(DETECT_CONFIG.detectUrl, qs.stringify({ image_base64: b64, return_attributes: 'ethnicity' }));
  // ok: frt201-face-cloud-api-without-consent-js
  const boxes = await axios.post(DETECT_CONFIG.detectUrl, qs.stringify({ image_base64: b64, return_attributes: 'none' }));
  return [viaFetch, viaAxios, viaPost, boxes];
}
