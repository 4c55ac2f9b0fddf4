// Tests for frt101-raw-face-image-persisted-java
package com.example.face;

import android.content.ContentValues;
import android.graphics.Bitmap;
import android.graphics.Rect;
import com.google.mlkit.vision.common.InputImage;
import com.google.mlkit.vision.face.Face;
import java.io.File;
import java.io.FileOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.apache.commons.io.FileUtils;

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

    private InputImage pending;

    public void onPreviewFrame(Bitmap shot, File dir) throws Exception {
        pending = InputImage.fromBitmap(shot, 0);
        detector.process(pending);
        FileOutputStream out = new FileOutputStream(new File(dir, "door-" + System.currentTimeMillis() + ".jpg"));
        // ruleid: frt101-raw-face-image-persisted-java
        shot.compress(Bitmap.CompressFormat.JPEG, 85, out);
    }

    public void enrolWithBaidu(String photoB64, String userId, java.sql.PreparedStatement ps) throws Exception {
        aipClient.addUser(photoB64, "BASE64", "employees", userId, null);
        // ruleid: frt101-raw-face-image-persisted-java
        ps.setBlob(2, new java.io.ByteArrayInputStream(photoB64.getBytes()));
        // ok: frt101-raw-face-image-persisted-java
        ps.setBlob(3, new java.io.ByteArrayInputStream(userId.getBytes()));
    }

    public void keepLocalCrop(Bitmap frame, Face face, File target) throws Exception {
        Bitmap head = cropFace(frame, face.getBoundingBox());
        FileOutputStream stream;
        stream = new FileOutputStream(target);
        // ruleid: frt101-raw-face-image-persisted-java
        head.compress(Bitmap.CompressFormat.JPEG, 90, stream);
        stream.close();
    }

    public void keepAttendanceShot(android.content.Context ctx) throws Exception {
        Bitmap shot = captureFaceFrame();
        FileOutputStream fos = ctx.openFileOutput("attendance_last.jpg", android.content.Context.MODE_PRIVATE);
        // ruleid: frt101-raw-face-image-persisted-java
        shot.compress(Bitmap.CompressFormat.JPEG, 90, fos);
    }

    public void exportLoginShot(CameraHelper camera, android.content.ContentResolver resolver, android.net.Uri uri) throws Exception {
        Bitmap shot = camera.takeSelfie();
        java.io.OutputStream os = resolver.openOutputStream(uri);
        // ruleid: frt101-raw-face-image-persisted-java
        shot.compress(Bitmap.CompressFormat.JPEG, 95, os);
    }

    public void exportToGallery(Bitmap faceBitmap, android.content.ContentResolver resolver, android.net.Uri uri) throws Exception {
        try (java.io.OutputStream os = resolver.openOutputStream(uri)) {
            // ruleid: frt101-raw-face-image-persisted-java
            faceBitmap.compress(Bitmap.CompressFormat.PNG, 100, os);
        }
    }

    public void keepEnrolmentCrop(Bitmap faceCrop, File dir) throws Exception {
        // ruleid: frt101-raw-face-image-persisted-java
        faceCrop.compress(Bitmap.CompressFormat.JPEG, 90, new FileOutputStream(new File(dir, "enrol.jpg")));
    }

    public void writeProbe(byte[] faceJpeg, byte[] thumbnail, Path dir) throws Exception {
        java.io.OutputStream os = Files.newOutputStream(dir.resolve("probe.jpg"));
        // ruleid: frt101-raw-face-image-persisted-java
        os.write(faceJpeg);
        // ok: frt101-raw-face-image-persisted-java
        os.write(thumbnail);
    }

    public void archiveForLaterReview(Bitmap faceBitmap, File dir) {
        // ruleid: frt101-raw-face-image-persisted-java
        saveBitmapToFile(faceBitmap, new File(dir, "review.jpg"));
    }

    public void archiveUpload(byte[] faceJpeg, File dir) throws Exception {
        // ruleid: frt101-raw-face-image-persisted-java
        FileUtils.writeByteArrayToFile(new File(dir, "upload.jpg"), faceJpeg);
    }

    public void archiveServerSide(java.awt.image.BufferedImage faceImage, File dir) throws Exception {
        // ruleid: frt101-raw-face-image-persisted-java
        ImageIO.write(faceImage, "jpg", new File(dir, "gate.jpg"));
    }

    public void rememberOnDevice(android.database.sqlite.SQLiteDatabase db, String userId, byte[] faceJpeg) {
        ContentValues values = new ContentValues();
        values.put("user_id", userId);
        // ruleid: frt101-raw-face-image-persisted-java
        values.put("face_jpeg", faceJpeg);
        db.insert("enrolled", null, values);
    }

    public void uploadToBucket(software.amazon.awssdk.services.s3.S3Client s3, String key, byte[] faceJpeg) {
        // ruleid: frt101-raw-face-image-persisted-java
        s3.putObject(PutObjectRequest.builder().bucket("gate-faces").key(key).build(), RequestBody.fromBytes(faceJpeg));
    }

    public void cacheLastProbe(redis.clients.jedis.Jedis jedis, String userId, byte[] faceJpeg) {
        // ruleid: frt101-raw-face-image-persisted-java
        jedis.set(("probe:" + userId).getBytes(), faceJpeg);
        // ok: frt101-raw-face-image-persisted-java
        jedis.set(("seen:" + userId).getBytes(), String.valueOf(faceJpeg.length).getBytes());
    }
}
