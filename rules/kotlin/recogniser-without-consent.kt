// Tests for the frt201-*-kotlin rules
package com.example.checkin

import com.baidu.aip.face.AipFace
import com.google.mlkit.vision.face.FaceDetection
import org.tensorflow.lite.Interpreter

class Recognizer(
    private val faceNet: Interpreter,
    private val styleNet: Interpreter,
    private val aip: AipFace,
    private val consentStore: ConsentStore,
) {
    private val detector = FaceDetection.getClient()

    fun embed(faceInput: java.nio.ByteBuffer): FloatArray {
        val out = Array(1) { FloatArray(192) }
        // ruleid: frt201-on-device-face-embedding-without-consent-kotlin
        faceNet.run(faceInput, out)
        return out[0]
    }

    fun embedIfAllowed(user: User, faceInput: java.nio.ByteBuffer): FloatArray? {
        if (!user.hasFaceConsent) {
            return null
        }
        val out = Array(1) { FloatArray(192) }
        // ok: frt201-on-device-face-embedding-without-consent-kotlin
        faceNet.run(faceInput, out)
        return out[0]
    }

    fun embedRequired(user: User, faceInput: java.nio.ByteBuffer): FloatArray {
        require(user.faceConsentGranted) { "separate consent required" }
        val out = Array(1) { FloatArray(192) }
        // ok: frt201-on-device-face-embedding-without-consent-kotlin
        faceNet.run(faceInput, out)
        return out[0]
    }

    fun stylize(pixels: java.nio.ByteBuffer): FloatArray {
        val out = Array(1) { FloatArray(10) }
        // ok: frt201-on-device-face-embedding-without-consent-kotlin
        styleNet.run(pixels, out)
        return out[0]
    }

    fun arcsoft(engine: FaceEngine, a: FaceFeature, b: FaceFeature, sim: FaceSimilar): Int {
        // ruleid: frt201-on-device-face-embedding-without-consent-kotlin
        return engine.compareFaceFeature(a, b, sim)
    }

    fun embedViaWrapper(model: FaceNetModel, frame: Bitmap, box: Rect): FloatArray {
        // ruleid: frt201-on-device-face-embedding-without-consent-kotlin
        return model.getFaceEmbedding(frame, box, true)
    }

    fun embedViaWrapperConsented(user: User, model: FaceNetModel, frame: Bitmap, box: Rect): FloatArray? {
        if (!user.faceConsent) return null
        // ok: frt201-on-device-face-embedding-without-consent-kotlin
        return model.getFaceEmbedding(frame, box, true)
    }

    fun compareWithGallery(assets: AssetManager, capture: Bitmap, gallery: List<Bitmap>): Boolean {
        val net = MobileFaceNet(assets)
        for (master in gallery) {
            // ruleid: frt201-on-device-face-embedding-without-consent-kotlin
            val similarity = net.compare(capture, master)
            if (similarity > 0.8f) return true
        }
        return false
    }

    fun compareLater(assets: AssetManager, capture: Bitmap, master: Bitmap): Float {
        lateinit var net: ArcFaceModel
        net = ArcFaceModel(assets)
        // ruleid: frt201-on-device-face-embedding-without-consent-kotlin
        return net.compare(capture, master)
    }

    fun compareOther(a: Bitmap, b: Bitmap): Int {
        val cmp = SizeComparator()
        // ok: frt201-on-device-face-embedding-without-consent-kotlin
        return cmp.compare(a, b)
    }

    fun detectOnly(image: com.google.mlkit.vision.common.InputImage) {
        // ok: frt201-on-device-face-embedding-without-consent-kotlin
        detector.process(image)
    }

    fun identify(imageB64: String): org.json.JSONObject {
        // ruleid: frt201-cloud-face-api-without-consent-kotlin
        return aip.search(imageB64, "BASE64", "staff", hashMapOf())
    }

    fun identifyWithConsent(userId: String, imageB64: String): org.json.JSONObject {
        consentStore.checkConsent(userId)
        // ok: frt201-cloud-face-api-without-consent-kotlin
        return aip.search(imageB64, "BASE64", "staff", hashMapOf())
    }

    fun enroll(user: User, imageB64: String): org.json.JSONObject? {
        if (user.faceConsent) {
            // ok: frt201-cloud-face-api-without-consent-kotlin
            return aip.addUser(imageB64, "BASE64", "staff", user.id, hashMapOf())
        }
        // ruleid: frt201-cloud-face-api-without-consent-kotlin
        return aip.addUser(imageB64, "BASE64", "visitors", user.id, hashMapOf())
    }

    fun visitorProfile(imageB64: String): org.json.JSONObject {
        val options = HashMap<String, String>()
        options["face_field"] = "age,gender"
        // ruleid: frt201-cloud-face-api-without-consent-kotlin
        return aip.detect(imageB64, "BASE64", options)
    }

    fun countFaces(imageB64: String): org.json.JSONObject {
        val options = HashMap<String, String>()
        options["max_face_num"] = "10"
        // ok: frt201-cloud-face-api-without-consent-kotlin
        return aip.detect(imageB64, "BASE64", options)
    }

    fun tencent(iai: IaiClient, req: CompareFaceRequest): Any {
        // ruleid: frt201-cloud-face-api-without-consent-kotlin
        return iai.CompareFace(req)
    }

    fun arcsoftExtract(engine: FaceEngine, nv21: ByteArray, w: Int, h: Int, info: FaceInfo, out: FaceFeature): Int {
        // ruleid: frt201-on-device-face-embedding-without-consent-kotlin
        return engine.extractFaceFeature(nv21, w, h, FaceEngine.CP_PAF_NV21, info, out)
    }
}

class AttendanceScanner(private val assets: AssetManager) {
    private lateinit var recognizer: MobileFaceNet

    fun start() {
        recognizer = MobileFaceNet(assets)
    }

    fun onCapture(capture: Bitmap, master: Bitmap): Boolean {
        // ruleid: frt201-on-device-face-embedding-without-consent-kotlin
        return recognizer.compare(capture, master) > 0.8f
    }
}

class GateModels(private val mobileFaceNet: Interpreter, private val tflite: Interpreter, private val aip: AipFace) {

    fun embed(input: java.nio.ByteBuffer): FloatArray {
        val out = Array(1) { FloatArray(192) }
        // ruleid: frt201-on-device-face-embedding-without-consent-kotlin
        mobileFaceNet.run(input, out)
        return out[0]
    }

    fun embedBatch(inputs: Array<Any>, outputs: MutableMap<Int, Any>) {
        // ruleid: frt201-on-device-face-embedding-without-consent-kotlin
        mobileFaceNet.runForMultipleInputsOutputs(inputs, outputs)
    }

    fun embedGeneric(faceBuffer: java.nio.ByteBuffer): FloatArray {
        val out = Array(1) { FloatArray(128) }
        // ruleid: frt201-on-device-face-embedding-without-consent-kotlin
        tflite.run(faceBuffer, out)
        return out[0]
    }

    fun embedGenericBatch(faceBuffers: Array<Any>, outputs: MutableMap<Int, Any>) {
        // ruleid: frt201-on-device-face-embedding-without-consent-kotlin
        tflite.runForMultipleInputsOutputs(faceBuffers, outputs)
        // ok: frt201-on-device-face-embedding-without-consent-kotlin
        tflite.runForMultipleInputsOutputs(arrayOf<Any>(sceneBuffer), outputs)
    }

    fun visitorAttributes(imageB64: String): org.json.JSONObject {
        val options = HashMap<String, String>()
        options.put("face_field", "age,gender,emotion")
        // ruleid: frt201-cloud-face-api-without-consent-kotlin
        return aip.detect(imageB64, "BASE64", options)
    }

    fun faceppSearch(params: Map<String, String>): String {
        // ruleid: frt201-cloud-face-api-without-consent-kotlin
        return doPost("https://api-cn.faceplusplus.com/facepp/v3/search", params)
    }

    fun faceppCompare(client: FaceppHttp, params: Map<String, String>): String {
        // ok: frt201-cloud-face-api-without-consent-kotlin
        client.formCall("https://api-cn.faceplusplus.com/facepp/v3/detect", params)
        // ruleid: frt201-cloud-face-api-without-consent-kotlin
        return client.formCall("https://api-cn.faceplusplus.com/facepp/v3/compare", params)
    }
}
