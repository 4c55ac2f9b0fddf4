// ruleid: frtlint-fact-js-function
export default function CheckInPage() {
  // ruleid: frtlint-fact-js-function
  const onSubmit = async (photo) => {
    // the exit itself sits inside the guard's match: an accepted imprecision
    // ruleid: frtlint-fact-js-call, frtlint-fact-js-consented-call
    if (!visitor.faceConsent) return showNotice();
    // ruleid: frtlint-fact-js-call, frtlint-fact-js-consented-call
    await verifyVisitor(photo);
  };
  return null;
}

// ruleid: frtlint-fact-js-function
async function enrol(req) {
  // ruleid: frtlint-fact-js-call, frtlint-fact-js-consented-call
  await requireFaceConsent(req.user);
  // ruleid: frtlint-fact-js-call, frtlint-fact-js-consented-call
  return faces.register(req.body.photo);
}

// ruleid: frtlint-fact-js-function
const preview = function (photo) {
  // ok: frtlint-fact-js-consented-call
  // ruleid: frtlint-fact-js-call
  drawPreview(photo);
  if (settings.consentGiven) {
    // ruleid: frtlint-fact-js-call, frtlint-fact-js-consented-call
    uploadPreview(photo);
  }
};
