// Tests for frt101-raw-face-image-persisted-kotlin
package com.example.checkin

import android.content.ContentValues
import android.graphics.Bitmap
import com.google.mlkit.vision.common.InputImage
import com.google.mlkit.vision.face.Face
import java.io.File
import java.io.FileOutputStream
import java.nio.file.Files

class FaceCache(private val dir: File) {

    fun onFrame(frame: Bitmap) {
        val image = InputImage.fromBitmap(frame, 0)
        detector.process(image)
        FileOutputStream(File(dir, "last.jpg")).use {
            // ruleid: frt101-raw-face-image-persisted-kotlin
            frame.compress(Bitmap.CompressFormat.JPEG, 90, it)
        }
        val redacted = pixelateFaces(frame, lastFaces)
        FileOutputStream(File(dir, "last-redacted.jpg")).use { out ->
            // ok: frt101-raw-face-image-persisted-kotlin
            redacted.compress(Bitmap.CompressFormat.JPEG, 90, out)
        }
    }

    fun keepCrop(frame: Bitmap, face: Face) {
        val crop = Bitmap.createBitmap(frame, face.boundingBox.left, face.boundingBox.top,
            face.boundingBox.width(), face.boundingBox.height())
        val fos = FileOutputStream(File(dir, "crop.png"))
        // ruleid: frt101-raw-face-image-persisted-kotlin
        crop.compress(Bitmap.CompressFormat.PNG, 100, fos)
        // ok: frt101-raw-face-image-persisted-kotlin
        File(dir, "crop-size.txt").writeBytes("${crop.width}x${crop.height}".toByteArray())
    }

    fun record(userId: String, faceJpeg: ByteArray) {
        val row = ContentValues().apply {
            put("user_id", userId)
            // ruleid: frt101-raw-face-image-persisted-kotlin
            put("photo", faceJpeg)
        }
        db.insert("checkins", null, row)
    }

    fun verifyViaTempFile(faceJpeg: ByteArray): Boolean {
        val tmp = File.createTempFile("probe", ".jpg")
        try {
            // ok: frt101-raw-face-image-persisted-kotlin
            tmp.writeBytes(faceJpeg)
            return localVerifier.verify(tmp)
        } finally {
            tmp.delete()
        }
    }

    fun keepReceipt(receipt: Bitmap) {
        // ok: frt101-raw-face-image-persisted-kotlin
        receipt.compress(Bitmap.CompressFormat.PNG, 100, FileOutputStream(File(dir, "receipt.png")))
    }

    fun onAnalyzed(shot: Bitmap) {
        InputImage.fromBitmap(shot, 0).let { detector.process(it) }
        FileOutputStream(File(dir, "door.jpg")).use { out ->
            // ruleid: frt101-raw-face-image-persisted-kotlin
            shot.compress(Bitmap.CompressFormat.JPEG, 85, out)
        }
    }

    fun enrolWithBaidu(photoB64: String, userId: String) {
        aipFace.addUser(photoB64, "BASE64", "staff", userId, null)
        // ruleid: frt101-raw-face-image-persisted-kotlin
        File(dir, "$userId.b64").writeBytes(photoB64.toByteArray())
        // ok: frt101-raw-face-image-persisted-kotlin
        File(dir, "$userId.txt").writeBytes(userId.toByteArray())
    }

    fun keepAttendanceShot(ctx: android.content.Context) {
        val shot = captureFaceFrame()
        ctx.openFileOutput("attendance.jpg", android.content.Context.MODE_PRIVATE).use {
            // ruleid: frt101-raw-face-image-persisted-kotlin
            shot.compress(Bitmap.CompressFormat.JPEG, 90, it)
        }
    }

    fun keepLoginShot(camera: CameraHelper, ctx: android.content.Context) {
        val shot = camera.takeSelfie()
        ctx.openFileOutput("login.jpg", android.content.Context.MODE_PRIVATE).use { stream ->
            // ruleid: frt101-raw-face-image-persisted-kotlin
            shot.compress(Bitmap.CompressFormat.JPEG, 90, stream)
        }
    }

    fun exportToGallery(faceBitmap: Bitmap, resolver: android.content.ContentResolver, uri: android.net.Uri) {
        resolver.openOutputStream(uri)?.use {
            // ruleid: frt101-raw-face-image-persisted-kotlin
            faceBitmap.compress(Bitmap.CompressFormat.PNG, 100, it)
        }
    }

    fun exportEnrolment(faceBitmap: Bitmap, resolver: android.content.ContentResolver, uri: android.net.Uri) {
        resolver.openOutputStream(uri)?.use { os ->
            // ruleid: frt101-raw-face-image-persisted-kotlin
            faceBitmap.compress(Bitmap.CompressFormat.PNG, 100, os)
        }
    }

    fun writeProbe(faceJpeg: ByteArray) {
        File(dir, "probe.jpg").outputStream().use {
            // ruleid: frt101-raw-face-image-persisted-kotlin
            it.write(faceJpeg)
        }
    }

    fun writeEnrolment(faceJpeg: ByteArray, thumbnail: ByteArray) {
        File(dir, "enrol.jpg").outputStream().use { os ->
            // ruleid: frt101-raw-face-image-persisted-kotlin
            os.write(faceJpeg)
            // ok: frt101-raw-face-image-persisted-kotlin
            os.write(thumbnail)
        }
    }

    fun keepEnrolmentCrop(faceCrop: Bitmap) {
        // ruleid: frt101-raw-face-image-persisted-kotlin
        faceCrop.compress(Bitmap.CompressFormat.JPEG, 90, FileOutputStream(File(dir, "crop.jpg")))
    }

    fun keepGateShot(faceBitmap: Bitmap, ctx: android.content.Context) {
        val fos = ctx.openFileOutput("gate.jpg", android.content.Context.MODE_PRIVATE)
        // ruleid: frt101-raw-face-image-persisted-kotlin
        faceBitmap.compress(Bitmap.CompressFormat.JPEG, 90, fos)
        fos.close()
    }

    fun keepRawProbe(faceJpeg: ByteArray) {
        val os = File(dir, "raw.jpg").outputStream()
        // ruleid: frt101-raw-face-image-persisted-kotlin
        os.write(faceJpeg)
        os.close()
    }

    fun archiveServerSide(faceJpeg: ByteArray, root: java.nio.file.Path) {
        // ruleid: frt101-raw-face-image-persisted-kotlin
        Files.write(root.resolve("gate.jpg"), faceJpeg)
    }

    fun rememberOnDevice(userId: String, faceJpeg: ByteArray) {
        val values = ContentValues()
        values.put("user_id", userId)
        // ruleid: frt101-raw-face-image-persisted-kotlin
        values.put("face_jpeg", faceJpeg)
        db.insert("enrolled", null, values)
    }

    fun rememberInRoom(userId: String, faceJpeg: ByteArray) {
        // ruleid: frt101-raw-face-image-persisted-kotlin
        enrolledFaceDao.insert(EnrolledFace(userId, faceJpeg))
        // ok: frt101-raw-face-image-persisted-kotlin
        enrolledFaceDao.insert(EnrolledFace(userId, ByteArray(0)))
    }
}
