// Tests for frt101-raw-face-image-persisted-kotlin
package com.example.checkin

import android.content.ContentValues
import android.graphics.Bitmap
import com.google.mlkit.vision.common.InputImage
import com.google.mlkit.vision.face.Face
import java.io.File
import java.io.FileOutputStream

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
}
