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
