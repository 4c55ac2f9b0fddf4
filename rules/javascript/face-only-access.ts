// Tests for frt401-face-only-access-js: this module also offers a password login, so face login is not face-only
import { RekognitionClient, CompareFacesCommand } from '@aws-sdk/client-rekognition';
import { Request, Response } from 'express';

const client = new RekognitionClient({});

export async function faceLogin(req: Request, res: Response): Promise<void> {
  const out = await client.send(new CompareFacesCommand({ SourceImage: { Bytes: req.body.selfie }, TargetImage: { Bytes: req.body.idPhoto } }));
  if ((out.FaceMatches ?? []).length > 0) {
    // no frt401 finding expected here: the module also has a password login
    (req as any).session.userId = req.body.userId;
  }
  res.end();
}

export async function passwordLogin(req: Request, res: Response): Promise<void> {
  const ok = await checkPassword(req.body.userId, req.body.password);
  if (ok) {
    // no frt401 finding expected here: the module also has a password login
    (req as any).session.userId = req.body.userId;
  }
  res.end();
}
