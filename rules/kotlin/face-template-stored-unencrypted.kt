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

class TemplateCache(private val prefs: SharedPreferences, private val db: android.database.sqlite.SQLiteDatabase, private val dir: java.io.File) {

    fun rememberBatch(userId: String, inputs: Array<Any>, outputs: MutableMap<Int, Any>) {
        faceNet.runForMultipleInputsOutputs(inputs, outputs)
        // ruleid: frt103-face-template-stored-unencrypted-kotlin
        prefs.edit { putString("tpl_$userId", outputs.toString()) }
    }

    fun rememberComputed(userId: String, bmp: Bitmap) {
        val vec = computeFaceEmbedding(bmp)
        // ruleid: frt103-face-template-stored-unencrypted-kotlin
        prefs.edit { putString("tpl_$userId", vec.joinToString(",")) }
    }

    fun rememberRecognizerTemplate(recognizer: Recognizer, userId: String, bmp: Bitmap) {
        val tpl = recognizer.getFaceTemplate(bmp)
        // ruleid: frt103-face-template-stored-unencrypted-kotlin
        prefs.edit { putString("tpl_$userId", tpl.joinToString(",")) }
        // ok: frt103-face-template-stored-unencrypted-kotlin
        prefs.edit { putString("tpl_$userId", encryptTemplate(tpl)) }
    }

    fun rememberWithEditor(userId: String, faceEmbedding: FloatArray) {
        val editor = prefs.edit()
        // ruleid: frt103-face-template-stored-unencrypted-kotlin
        editor.putString("tpl_$userId", faceEmbedding.joinToString(","))
        editor.apply()
    }

    fun insertRow(userId: String, faceEmbedding: FloatArray) {
        val values = ContentValues()
        values.put("user_id", userId)
        // ruleid: frt103-face-template-stored-unencrypted-kotlin
        values.put("vec", faceEmbedding.joinToString(","))
        db.insert("faces", null, values)
    }

    fun insertSql(userId: String, faceEmbedding: FloatArray) {
        // ruleid: frt103-face-template-stored-unencrypted-kotlin
        db.execSQL("INSERT INTO faces(user_id, vec) VALUES (?, ?)", arrayOf(userId, faceEmbedding.joinToString(",")))
    }

    fun exportText(userId: String, faceEmbedding: FloatArray) {
        // ruleid: frt103-face-template-stored-unencrypted-kotlin
        java.io.File(dir, "$userId.vec").writeText(faceEmbedding.joinToString(","))
        // ok: frt103-face-template-stored-unencrypted-kotlin
        java.io.File(dir, "$userId.dims").writeText(faceEmbedding.size.toString())
    }

    fun exportBytes(userId: String, faceTemplate: ByteArray) {
        // ruleid: frt103-face-template-stored-unencrypted-kotlin
        java.io.File(dir, "$userId.tpl").writeBytes(faceTemplate)
    }
}
