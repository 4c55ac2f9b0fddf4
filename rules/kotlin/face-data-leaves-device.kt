// Tests for frt104-face-data-leaves-device-kotlin
package com.example.checkin

import android.graphics.Bitmap
import com.google.mlkit.vision.common.InputImage
import okhttp3.MediaType.Companion.toMediaType
import okhttp3.OkHttpClient
import okhttp3.Request
import okhttp3.RequestBody.Companion.toRequestBody

class Sync(private val http: OkHttpClient, private val checkInApi: CheckInApi, private val consentStore: ConsentStore) {

    fun syncPhoto(faceJpeg: ByteArray) {
        val body = faceJpeg.toRequestBody("image/jpeg".toMediaType())
        // ruleid: frt104-face-data-leaves-device-kotlin
        http.newCall(Request.Builder().url("https://hr.example.cn/api/photos").post(body).build()).execute()
    }

    fun syncPhotoWithConsent(user: User, faceJpeg: ByteArray) {
        if (!user.faceUploadConsent) return
        val body = faceJpeg.toRequestBody("image/jpeg".toMediaType())
        // ok: frt104-face-data-leaves-device-kotlin
        http.newCall(Request.Builder().url("https://hr.example.cn/api/photos").post(body).build()).execute()
    }

    suspend fun syncVector(faceCrop: Bitmap, embedder: FaceEmbedder) {
        val vector = embedder.embed(faceCrop)
        // ruleid: frt104-face-data-leaves-device-kotlin
        checkInApi.uploadTemplate(vector.joinToString(","))
        // ok: frt104-face-data-leaves-device-kotlin
        checkInApi.uploadStats(vector.size)
    }

    suspend fun syncVectorChecked(userId: String, faceCrop: Bitmap, embedder: FaceEmbedder) {
        consentStore.requireTransferConsent(userId)
        val vector = embedder.embed(faceCrop)
        // ok: frt104-face-data-leaves-device-kotlin
        checkInApi.uploadTemplate(vector.joinToString(","))
    }

    fun local(faceJpeg: ByteArray) {
        val body = faceJpeg.toRequestBody("image/jpeg".toMediaType())
        // ok: frt104-face-data-leaves-device-kotlin
        http.newCall(Request.Builder().url("http://localhost:9000/photos").post(body).build()).execute()
        // ruleid: frt104-face-data-leaves-device-kotlin
        http.newCall(Request.Builder().url("http://10.0.0.9/photos").post(body).build()).execute()
    }
}

class RawUpload {
    fun postFace(faceJpeg: ByteArray) {
        val conn = URL("https://hr.example.cn/api/faces").openConnection() as HttpURLConnection
        conn.requestMethod = "POST"
        // ruleid: frt104-face-data-leaves-device-kotlin
        conn.outputStream.write(faceJpeg)
    }

    fun postFaceInUse(faceJpeg: ByteArray) {
        val conn = URL("https://hr.example.cn/api/faces").openConnection()
        conn.outputStream.use {
            // ruleid: frt104-face-data-leaves-device-kotlin
            it.write(faceJpeg)
        }
    }

    fun postFaceNamedStream(faceJpeg: ByteArray) {
        val conn = URL("https://hr.example.cn/api/faces").openConnection() as HttpURLConnection
        conn.outputStream.use { os ->
            // ruleid: frt104-face-data-leaves-device-kotlin
            os.write(faceJpeg)
        }
    }
}

class CloudSync(private val http: OkHttpClient, private val attendanceApi: AttendanceApi, private val aipFace: AipFace) {

    fun onAnalyzed(shot: Bitmap) {
        InputImage.fromBitmap(shot, 0).let { detector.process(it) }
        // ruleid: frt104-face-data-leaves-device-kotlin
        attendanceApi.uploadFrame(shot.toJpegBytes())
    }

    fun searchThenMirror(photoB64: String) {
        aipFace.search(photoB64, "BASE64", "staff", null)
        // ruleid: frt104-face-data-leaves-device-kotlin
        attendanceApi.syncSearchImage(photoB64)
    }

    fun sendAttendanceShot() {
        val shot = captureFaceJpeg()
        // ruleid: frt104-face-data-leaves-device-kotlin
        attendanceApi.submitCheckIn(shot)
    }

    fun sendLoginShot(camera: CameraHelper) {
        val shot = camera.takeSelfie()
        // ruleid: frt104-face-data-leaves-device-kotlin
        attendanceApi.submitLogin(shot)
    }

    fun syncVector(input: java.nio.ByteBuffer, mobileFaceNet: Interpreter) {
        val output = Array(1) { FloatArray(192) }
        mobileFaceNet.run(input, output)
        // ruleid: frt104-face-data-leaves-device-kotlin
        attendanceApi.pushVector(output[0].joinToString(","))
    }

    fun syncVectors(inputs: Array<Any>, outputs: MutableMap<Int, Any>, mobileFaceNet: Interpreter) {
        mobileFaceNet.runForMultipleInputsOutputs(inputs, outputs)
        // ruleid: frt104-face-data-leaves-device-kotlin
        attendanceApi.pushVectors(outputs.toString())
    }

    fun syncComputedVector(bmp: Bitmap) {
        val vec = computeFaceEmbedding(bmp)
        // ruleid: frt104-face-data-leaves-device-kotlin
        attendanceApi.pushVector(vec.joinToString(","))
    }

    fun syncRecognizerTemplate(recognizer: Recognizer, bmp: Bitmap) {
        val tpl = recognizer.getFaceTemplate(bmp)
        // ruleid: frt104-face-data-leaves-device-kotlin
        attendanceApi.uploadTemplate(tpl)
    }

    fun replaceEnrolment(faceJpeg: ByteArray) {
        val body = faceJpeg.toRequestBody("image/jpeg".toMediaType())
        // ruleid: frt104-face-data-leaves-device-kotlin
        http.newCall(Request.Builder().url("https://hr.example.cn/api/enrolment").put(body).build()).execute()
    }

    fun replaceEnrolmentWithConsent(user: User, faceJpeg: ByteArray) {
        if (user.faceUploadConsent) {
            val body = faceJpeg.toRequestBody("image/jpeg".toMediaType())
            // ok: frt104-face-data-leaves-device-kotlin
            http.newCall(Request.Builder().url("https://hr.example.cn/api/enrolment").put(body).build()).execute()
        }
    }

    fun patchEnrolment(faceJpeg: ByteArray) {
        val body = faceJpeg.toRequestBody("image/jpeg".toMediaType())
        // ruleid: frt104-face-data-leaves-device-kotlin
        http.newCall(Request.Builder().url("https://hr.example.cn/api/enrolment").patch(body).build()).execute()
    }

    fun postFaceUncast(faceJpeg: ByteArray) {
        val conn = URL("https://hr.example.cn/api/probe").openConnection()
        // ruleid: frt104-face-data-leaves-device-kotlin
        conn.outputStream.write(faceJpeg)
    }
}
