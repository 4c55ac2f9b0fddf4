// Tests for frt102-face-data-logged-kotlin
package com.example.checkin

import android.graphics.Bitmap
import android.util.Log
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
