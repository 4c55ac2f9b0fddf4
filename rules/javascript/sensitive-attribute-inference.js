// Tests for frt301-sensitive-attribute-inference-js
const axios = require('axios');
const qs = require('querystring');
const AipFace = require('baidu-aip-sdk').face;

const FACEPP = 'https://api-cn.faceplusplus.com/facepp/v3/detect';

async function faceppDetect(b64) {
  // ruleid: frt301-sensitive-attribute-inference-js
  return axios.post(FACEPP, qs.stringify({ api_key: process.env.K, api_secret: process.env.S, image_base64: b64, return_attributes: 'gender,age,ethnicity' }));
}

async function faceppSkin(b64) {
  const form = new FormData();
  form.append('image_base64', b64);
  // ruleid: frt301-sensitive-attribute-inference-js
  form.append('return_attributes', 'skinstatus,beauty');
  return fetch(FACEPP, { method: 'POST', body: form });
}

async function faceppPlain(b64) {
  // ok: frt301-sensitive-attribute-inference-js
  return axios.post(FACEPP, qs.stringify({ image_base64: b64, return_attributes: 'gender,age,emotion,headpose' }));
}

const client = new AipFace(process.env.APP_ID, process.env.API_KEY, process.env.SECRET_KEY);

async function baiduDetect(image) {
  // ruleid: frt301-sensitive-attribute-inference-js
  return client.detect(image, 'BASE64', { face_field: 'age,gender,race,emotion' });
}

async function baiduDetectBasic(image) {
  // ok: frt301-sensitive-attribute-inference-js
  return client.detect(image, 'BASE64', { face_field: 'age,quality,face_type,trace_id' });
}

function buildOptions() {
  // ruleid: frt301-sensitive-attribute-inference-js
  const options = { max_face_num: 5, face_field: 'age,beauty,race' };
  return options;
}

function analyzeTokens(token) {
  // ruleid: frt301-sensitive-attribute-inference-js
  $.ajax({
    url: 'https://api-cn.faceplusplus.com/facepp/v3/face/analyze',
    type: 'POST',
    data: { face_tokens: token, return_attributes: 'age,gender,ethnicity' },
  });
}

function analyzePlain(token) {
  // ok: frt301-sensitive-attribute-inference-js
  $.ajax({ url: FACEPP, type: 'POST', data: { face_tokens: token, return_attributes: 'age,gender,smiling' } });
}

async function baiduRest(token, b64) {
  // ruleid: frt301-sensitive-attribute-inference-js
  return axios.post(BAIDU_DETECT, null, { params: { access_token: token, image: b64, face_field: 'age,race' } });
}

const FULL_ATTRS = 'age,gender,skinstatus,ethnicity';
const BASIC_ATTRS = 'age,gender,emotion';

async function detectWith(b64) {
  const send = async (attrs) => {
    const body = new URLSearchParams();
    body.set('image_base64', b64);
    // ok: frt301-sensitive-attribute-inference-js
    body.set('return_attributes', attrs);
    return fetch(FACEPP, { method: 'POST', body });
  };
  // ruleid: frt301-sensitive-attribute-inference-js
  const first = await send(FULL_ATTRS);
  // ok: frt301-sensitive-attribute-inference-js
  const second = await send(BASIC_ATTRS);
  // ok: frt301-sensitive-attribute-inference-js
  console.log('ethnicity is not requested here');
  return [first, second];
}

function describeOptions() {
  // ok: frt301-sensitive-attribute-inference-js
  console.info('age,gender,ethnicity');
}

async function faceppSearchParams(b64) {
  const params = new URLSearchParams({ image_base64: b64 });
  // ruleid: frt301-sensitive-attribute-inference-js
  params.set('return_attributes', 'gender,age,ethnicity');
  // ok: frt301-sensitive-attribute-inference-js
  params.set('return_attributes', 'gender,age');
  return fetch(FACEPP, { method: 'POST', body: params });
}

async function baiduForm(b64, token) {
  const form = new FormData();
  form.append('image', b64);
  // ruleid: frt301-sensitive-attribute-inference-js
  form.append('face_field', 'age,beauty,race');
  // ok: frt301-sensitive-attribute-inference-js
  form.append('face_field', 'age,beauty');
  return fetch(`${BAIDU_DETECT}?access_token=${token}`, { method: 'POST', body: form });
}

const BAIDU_FIELDS = 'age,gender,race';

async function visitorProfile(b64) {
  // ruleid: frt301-sensitive-attribute-inference-js
  return baiduDetectWith(b64, BAIDU_FIELDS);
}

function buildFaceppParams(b64) {
  // ruleid: frt301-sensitive-attribute-inference-js
  const params = { image_base64: b64, return_attributes: 'gender,age,ethnicity,beauty' };
  return params;
}
