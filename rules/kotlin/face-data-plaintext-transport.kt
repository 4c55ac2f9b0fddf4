// Tests for frt501-face-data-plaintext-transport-kotlin
package com.example.checkin

import android.graphics.Bitmap
import com.google.mlkit.vision.common.InputImage
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

    fun onAnalyzed(shot: Bitmap) {
        InputImage.fromBitmap(shot, 0).let { detector.process(it) }
        val body = shot.toJpegBytes().toRequestBody("image/jpeg".toMediaType())
        // ruleid: frt501-face-data-plaintext-transport-kotlin
        http.newCall(Request.Builder().url("$PLAIN/frames").post(body).build()).execute()
    }

    fun searchThenMirror(photoB64: String) {
        aipFace.search(photoB64, "BASE64", "staff", null)
        val body = photoB64.toRequestBody("text/plain".toMediaType())
        // ruleid: frt501-face-data-plaintext-transport-kotlin
        http.newCall(Request.Builder().url("$PLAIN/searches").post(body).build()).execute()
    }

    fun sendAttendanceShot() {
        val shot = captureFaceJpeg()
        // ruleid: frt501-face-data-plaintext-transport-kotlin
        http.newCall(Request.Builder().url("$PLAIN/attendance").post(shot.toRequestBody()).build()).execute()
    }

    fun sendLoginShot(camera: CameraHelper) {
        val shot = camera.takeSelfie()
        // ruleid: frt501-face-data-plaintext-transport-kotlin
        http.newCall(Request.Builder().url("$PLAIN/login").post(shot.toRequestBody()).build()).execute()
    }

    fun uploadVectors(inputs: Array<Any>, outputs: MutableMap<Int, Any>) {
        faceNet.runForMultipleInputsOutputs(inputs, outputs)
        // ruleid: frt501-face-data-plaintext-transport-kotlin
        http.newCall(Request.Builder().url("$PLAIN/vectors").post(outputs.toString().toRequestBody()).build()).execute()
    }

    fun sendComputedVector(bmp: Bitmap) {
        val vec = computeFaceEmbedding(bmp)
        // ruleid: frt501-face-data-plaintext-transport-kotlin
        http.newCall(Request.Builder().url("$PLAIN/vectors").post(vec.joinToString(",").toRequestBody()).build()).execute()
    }

    fun sendRecognizerTemplate(recognizer: Recognizer, bmp: Bitmap) {
        val tpl = recognizer.getFaceTemplate(bmp)
        // ruleid: frt501-face-data-plaintext-transport-kotlin
        http.newCall(Request.Builder().url("$PLAIN/templates").post(tpl.toRequestBody()).build()).execute()
    }

    fun replaceEnrolment(faceJpeg: ByteArray) {
        val body = faceJpeg.toRequestBody("image/jpeg".toMediaType())
        // ruleid: frt501-face-data-plaintext-transport-kotlin
        http.newCall(Request.Builder().url("$PLAIN/enrolment").put(body).build()).execute()
        // ok: frt501-face-data-plaintext-transport-kotlin
        http.newCall(Request.Builder().url("$TLS/enrolment").put(body).build()).execute()
    }

    fun patchEnrolment(faceJpeg: ByteArray) {
        val body = faceJpeg.toRequestBody("image/jpeg".toMediaType())
        // ruleid: frt501-face-data-plaintext-transport-kotlin
        http.newCall(Request.Builder().url("$PLAIN/enrolment").patch(body).build()).execute()
    }

    fun legacyDirect(faceJpeg: ByteArray) {
        val conn = URL("http://10.0.0.8/verify").openConnection()
        conn.doOutput = true
        // ruleid: frt501-face-data-plaintext-transport-kotlin
        conn.outputStream.write(faceJpeg)
    }

    fun legacyNamed(faceJpeg: ByteArray) {
        val conn = URL("http://10.0.0.8/enrol").openConnection() as HttpURLConnection
        conn.doOutput = true
        conn.outputStream.use { stream ->
            // ruleid: frt501-face-data-plaintext-transport-kotlin
            stream.write(faceJpeg)
        }
    }
}
