// Tests for frt102-face-data-logged-kotlin
package com.example.checkin

import android.graphics.Bitmap
import android.util.Log
import com.google.mlkit.vision.common.InputImage
import timber.log.Timber

class CheckInDebug(private val embedder: FaceEmbedder) {

    fun trace(userId: String, faceCrop: Bitmap) {
        val vector = embedder.embed(faceCrop)
        // ruleid: frt102-face-data-logged-kotlin
        Log.d(TAG, "vector for $userId = ${vector.joinToString()}")
        // ok: frt102-face-data-logged-kotlin
        Log.d(TAG, "vector for $userId has ${vector.size} dims")
    }

    fun upload(faceBase64: String, deviceId: String) {
        // ruleid: frt102-face-data-logged-kotlin
        Timber.i("upload from %s: %s", deviceId, faceBase64)
        // ok: frt102-face-data-logged-kotlin
        Timber.i("upload from %s", deviceId)
    }

    fun raw(input: java.nio.ByteBuffer) {
        val out = Array(1) { FloatArray(192) }
        mobileFaceNet.run(input, out)
        // ruleid: frt102-face-data-logged-kotlin
        println(out[0].contentToString())
    }

    fun rank(probe: FloatArray, gallery: Map<String, FloatArray>) {
        for ((name, embedding) in gallery) {
            val p = cosineSimilarity(probe, embedding)
            // ok: frt102-face-data-logged-kotlin
            Log.i(TAG, "similarity for $name is $p")
            // ruleid: frt102-face-data-logged-kotlin
            Log.i(TAG, "template for $name is ${embedding.contentToString()}")
        }
    }

    companion object {
        private const val TAG = "CheckInDebug"
    }
}

class GateDebug(private val aipFace: AipFace, private val camera: CameraHelper, private val recognizer: Recognizer) {
    private val logger = org.slf4j.LoggerFactory.getLogger(GateDebug::class.java)

    fun onAnalyzed(shot: Bitmap) {
        InputImage.fromBitmap(shot, 0).let { detector.process(it) }
        // ruleid: frt102-face-data-logged-kotlin
        Log.d(TAG, "frame ${shot.toBase64()}")
        // ok: frt102-face-data-logged-kotlin
        Log.d(TAG, "frame ${shot.width}x${shot.height}")
    }

    fun searched(photoB64: String) {
        aipFace.search(photoB64, "BASE64", "staff", null)
        // ruleid: frt102-face-data-logged-kotlin
        Log.w(TAG, "searched with $photoB64")
    }

    fun attendanceShot() {
        val shot = captureFaceJpeg()
        // ruleid: frt102-face-data-logged-kotlin
        Log.v(TAG, "shot ${shot.contentToString()}")
    }

    fun loginShot() {
        val shot = camera.takeSelfie()
        // ruleid: frt102-face-data-logged-kotlin
        Log.v(TAG, "login shot ${shot.contentToString()}")
    }

    fun vectors(inputs: Array<Any>, outputs: MutableMap<Int, Any>) {
        faceNet.runForMultipleInputsOutputs(inputs, outputs)
        // ruleid: frt102-face-data-logged-kotlin
        Log.d(TAG, "outputs $outputs")
    }

    fun computed(bmp: Bitmap) {
        val vec = computeFaceEmbedding(bmp)
        // ruleid: frt102-face-data-logged-kotlin
        Log.d(TAG, "vec ${vec.joinToString()}")
    }

    fun recognizerTemplate(bmp: Bitmap) {
        val tpl = recognizer.getFaceTemplate(bmp)
        // ruleid: frt102-face-data-logged-kotlin
        Log.d(TAG, "tpl ${tpl.contentToString()}")
    }

    fun serverSide(faceBase64: String, deviceId: String) {
        // ruleid: frt102-face-data-logged-kotlin
        logger.debug("probe from {}: {}", deviceId, faceBase64)
        // ok: frt102-face-data-logged-kotlin
        logger.debug("probe from {}", deviceId)
    }

    companion object {
        private const val TAG = "GateDebug"
    }
}
