// Tests for frt503-verification-without-liveness-js: a staff portal that signs people in
// on a face match alone (no liveness step anywhere in this module).
import * as faceapi from "face-api.js";
import jwt from "jsonwebtoken";
import { useRouter } from "next/navigation";
import { RekognitionClient, CompareFacesCommand, DetectLabelsCommand } from "@aws-sdk/client-rekognition";

export function FaceSignInPage({ staff }) {
  const router = useRouter();

  async function onCapture(video) {
    const detection = await faceapi.detectSingleFace(video).withFaceLandmarks().withFaceDescriptor();
    const stored = new Float32Array(staff.faceDescriptor);
    // ruleid: frt503-verification-without-liveness-js
    const distance = faceapi.euclideanDistance(stored, detection.descriptor);
    if (distance < 0.5) {
      router.push("/dashboard");
    }
  }

  return onCapture;
}

export function signInWithMatcher(labeled, probe, secret) {
  const matcher = new faceapi.FaceMatcher(labeled, 0.6);
  // ruleid: frt503-verification-without-liveness-js
  const best = matcher.findBestMatch(probe.descriptor);
  if (best.label !== "unknown") {
    return jwt.sign({ sub: best.label }, secret, { expiresIn: 3600 });
  }
  return null;
}

export async function signInWithRekognition(client, selfieBytes, badgePhotoBytes, req) {
  const reply = await client.send(
    // ruleid: frt503-verification-without-liveness-js
    new CompareFacesCommand({ SourceImage: { Bytes: selfieBytes }, TargetImage: { Bytes: badgePhotoBytes } }),
  );
  if (reply.FaceMatches.length > 0) {
    req.session.staffId = reply.FaceMatches[0].Face.FaceId;
  }
  // ok: frt503-verification-without-liveness-js
  const labels = await client.send(new DetectLabelsCommand({ Image: { Bytes: selfieBytes } }));
  return labels;
}

export function signInWithHelper(probe, enrolled, res) {
  // ruleid: frt503-verification-without-liveness-js
  const score = cosineSimilarity(probe.faceDescriptor, enrolled.faceDescriptor);
  if (score > 0.92) {
    res.cookie("staff", enrolled.id);
  }
}

export function signInWithMathHelpers(probe, enrolled, navigate) {
  // ruleid: frt503-verification-without-liveness-js
  if (vectorMath.l2Distance(probe.embedding, enrolled.embedding) < 0.4) {
    navigate("/home");
  }
}

export function nearestDesk(here, desks) {
  // ok: frt503-verification-without-liveness-js
  return desks.sort((a, b) => geoDistance(here.location, a.location) - geoDistance(here.location, b.location))[0];
}
