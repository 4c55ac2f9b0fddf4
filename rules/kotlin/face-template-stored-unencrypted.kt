// Tests for frt103-face-template-stored-unencrypted-kotlin
package com.example.checkin

import android.content.ContentValues
import android.content.SharedPreferences
import android.graphics.Bitmap
import androidx.core.content.edit
import javax.crypto.Cipher

class Enrolment(
    private val prefs: SharedPreferences,
    private val embedder: FaceEmbedder,
    private val faceDao: FaceDao,
    private val cipher: Cipher,
) {
    fun enroll(userId: String, faceCrop: Bitmap) {
        val vector = embedder.embed(faceCrop)
        // ruleid: frt103-face-template-stored-unencrypted-kotlin
        prefs.edit { putString("tpl_$userId", vector.joinToString(",")) }
        // ok: frt103-face-template-stored-unencrypted-kotlin
        prefs.edit { putString("dims_$userId", vector.size.toString()) }
    }

    fun enrollSealed(userId: String, faceCrop: Bitmap) {
        val vector = embedder.embed(faceCrop)
        val sealed = cipher.doFinal(vector.joinToString(",").toByteArray())
        // ok: frt103-face-template-stored-unencrypted-kotlin
        prefs.edit().putString("tpl_$userId", android.util.Base64.encodeToString(sealed, 0)).apply()
    }

    fun enrollRoom(userId: String, faceCrop: Bitmap) {
        val vector = embedder.embed(faceCrop)
        // ruleid: frt103-face-template-stored-unencrypted-kotlin
        faceDao.insert(FaceEntity(userId, vector.joinToString(",")))
    }

    fun enrollSql(userId: String, input: java.nio.ByteBuffer) {
        val out = Array(1) { FloatArray(192) }
        faceNet.run(input, out)
        val row = ContentValues().apply {
            put("user_id", userId)
            // ruleid: frt103-face-template-stored-unencrypted-kotlin
            put("vec", out[0].joinToString(","))
        }
        db.insert("faces", null, row)
    }
}
