// Tests for frt102-face-data-logged-js
const faceapi = require('face-api.js');
const logger = require('./logger');

async function debugRecognition(canvas) {
  const result = await faceapi.detectSingleFace(canvas).withFaceLandmarks().withFaceDescriptor();
  // ruleid: frt102-face-data-logged-js
  console.log('descriptor', result.descriptor);
  // ruleid: frt102-face-data-logged-js
  console.debug('frame', canvas.toDataURL());
  // ok: frt102-face-data-logged-js
  console.log('detection score', result.detection.score);
  // ok: frt102-face-data-logged-js
  console.log('faces found', [result].length);
}

function enrollHandler(req, res) {
  // ruleid: frt102-face-data-logged-js
  logger.info('enroll request', { user: req.body.userId, img: req.body.faceImage });
  // ok: frt102-face-data-logged-js
  logger.info('enroll request', { user: req.body.userId });
  res.sendStatus(202);
}

async function matchAll(img, matcher) {
  const results = await faceapi.detectAllFaces(img).withFaceLandmarks().withFaceDescriptors();
  for (const r of results) {
    const best = matcher.findBestMatch(r.descriptor);
    // ok: frt102-face-data-logged-js
    console.info('match', best.toString());
    // ruleid: frt102-face-data-logged-js
    console.warn('unmatched template', Array.from(r.descriptor).join(','));
  }
}

function selfieUploadHandler(req, res) {
  // ruleid: frt102-face-data-logged-js
  logger.debug('selfie upload', req.files.selfie);
  // ok: frt102-face-data-logged-js
  logger.debug('selfie upload size', req.files.selfie.data.length);
  res.sendStatus(202);
}

async function debugTfjsFrame(detector, frame) {
  const faces = await detector.estimateFaces(frame);
  // ruleid: frt102-face-data-logged-js
  console.debug('frame', frame.toDataURL());
  // ok: frt102-face-data-logged-js
  console.debug('faces in frame', faces.length);
}
