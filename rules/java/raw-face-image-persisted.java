// Tests for frt101-raw-face-image-persisted-java
package com.example.face;

import android.graphics.Bitmap;
import android.graphics.Rect;
import com.google.mlkit.vision.common.InputImage;
import com.google.mlkit.vision.face.Face;
import java.io.File;
import java.io.FileOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

public class FaceArchive {
    private final com.baidu.aip.face.AipFace aipClient;

    public void onFrame(Bitmap frame, File dir) throws Exception {
        InputImage image = InputImage.fromBitmap(frame, 0);
        detector.process(image);
        FileOutputStream out = new FileOutputStream(new File(dir, "frame.jpg"));
        // ruleid: frt101-raw-face-image-persisted-java
        frame.compress(Bitmap.CompressFormat.JPEG, 90, out);
        Bitmap safe = blurFaces(frame, lastFaces);
        FileOutputStream out2 = new FileOutputStream(new File(dir, "frame-blurred.jpg"));
        // ok: frt101-raw-face-image-persisted-java
        safe.compress(Bitmap.CompressFormat.JPEG, 90, out2);
    }

    public void keepCrop(Bitmap frame, Face face, File dir) throws Exception {
        Bitmap crop = Bitmap.createBitmap(frame, face.getBoundingBox().left, face.getBoundingBox().top,
                face.getBoundingBox().width(), face.getBoundingBox().height());
        try (FileOutputStream fos = new FileOutputStream(new File(dir, "crop.png"))) {
            // ruleid: frt101-raw-face-image-persisted-java
            crop.compress(Bitmap.CompressFormat.PNG, 100, fos);
        }
    }

    public void keepTrackedFace(TrackedModel model, android.content.Context ctx, Bitmap preview) {
        final Bitmap head = model.cropFace();
        if (head != null) {
            // ruleid: frt101-raw-face-image-persisted-java
            BitmapStore.saveBitmap(ctx, head, "last_head.jpg");
        }
        // ok: frt101-raw-face-image-persisted-java
        BitmapStore.saveBitmap(ctx, preview, "preview.jpg");
        // ok: frt101-raw-face-image-persisted-java
        BitmapStore.showBitmap(ctx, head);
    }

    public void audit(byte[] faceJpeg, Path auditDir) throws Exception {
        // ruleid: frt101-raw-face-image-persisted-java
        Files.write(auditDir.resolve(System.currentTimeMillis() + ".jpg"), faceJpeg);
        // ok: frt101-raw-face-image-persisted-java
        Files.write(auditDir.resolve("count.txt"), String.valueOf(faceJpeg.length).getBytes());
    }

    public Object searchThenKeep(String imageB64, java.sql.PreparedStatement ps) throws Exception {
        Object res = aipClient.search(imageB64, "BASE64", "staff", null);
        // ruleid: frt101-raw-face-image-persisted-java
        ps.setBytes(1, imageB64.getBytes());
        return res;
    }

    public Object verifyWithTemp(byte[] faceJpeg, Path tmp) throws Exception {
        try {
            // ok: frt101-raw-face-image-persisted-java
            Files.write(tmp, faceJpeg);
            return runLocalVerifier(tmp);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    public void saveReceipt(Bitmap receipt, File dir) throws Exception {
        // ok: frt101-raw-face-image-persisted-java
        receipt.compress(Bitmap.CompressFormat.PNG, 100, new FileOutputStream(new File(dir, "receipt.png")));
    }
}
