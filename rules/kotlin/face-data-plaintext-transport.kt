// Tests for frt501-face-data-plaintext-transport-kotlin
package com.example.checkin

import android.graphics.Bitmap
import okhttp3.MediaType.Companion.toMediaType
import okhttp3.OkHttpClient
import okhttp3.Request
import okhttp3.RequestBody.Companion.toRequestBody
import java.net.HttpURLConnection
import java.net.URL

private const val PLAIN = "http://hr.example.cn/api"
private const val TLS = "https://hr.example.cn/api"

class CheckInUploader(private val http: OkHttpClient) {

    fun upload(faceJpeg: ByteArray) {
        val body = faceJpeg.toRequestBody("image/jpeg".toMediaType())
        // ruleid: frt501-face-data-plaintext-transport-kotlin
        val plain = Request.Builder().url("$PLAIN/checkins").post(body).build()
        // ok: frt501-face-data-plaintext-transport-kotlin
        val tls = Request.Builder().url("$TLS/checkins").post(body).build()
        // ok: frt501-face-data-plaintext-transport-kotlin
        val local = Request.Builder().url("http://127.0.0.1:8080/checkins").post(body).build()
        http.newCall(plain).execute()
    }

    fun uploadVector(input: java.nio.ByteBuffer) {
        val out = Array(1) { FloatArray(192) }
        faceNet.run(input, out)
        val body = out[0].joinToString(",").toRequestBody("text/plain".toMediaType())
        // ruleid: frt501-face-data-plaintext-transport-kotlin
        http.newCall(Request.Builder().url(PLAIN + "/vectors").post(body).build()).execute()
    }

    fun legacy(faceJpeg: ByteArray) {
        val conn = URL("http://10.0.0.8/checkin").openConnection() as HttpURLConnection
        conn.doOutput = true
        // ruleid: frt501-face-data-plaintext-transport-kotlin
        conn.outputStream.use { it.write(faceJpeg) }
        // ok: frt501-face-data-plaintext-transport-kotlin
        conn.outputStream.use { it.write("ping".toByteArray()) }
    }
}
