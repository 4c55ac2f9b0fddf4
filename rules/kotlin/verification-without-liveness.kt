// Tests for frt503-verification-without-liveness-kotlin (this screen posts attendance on a face match alone)
package com.example.presence

class PresenceFragment(private val api: PresenceApi, private val engine: FaceEngine) {

    fun onProbe(probeEmbedding: FloatArray, storedEmbedding: FloatArray, staffId: String) {
        // ruleid: frt503-verification-without-liveness-kotlin
        val distance = euclideanDistance(probeEmbedding, storedEmbedding)
        if (distance < 0.8f) postAttendance(staffId)
    }

    fun onCapture(assets: AssetManager, capture: Bitmap, master: Bitmap, staffId: String) {
        val net = MobileFaceNet(assets)
        // ruleid: frt503-verification-without-liveness-kotlin
        val similarity = net.compare(capture, master)
        if (similarity > 0.8f) postAttendance(staffId)
    }

    fun onArcSoft(probe: FaceFeature, stored: FaceFeature, similar: FaceSimilar, staffId: String) {
        // ruleid: frt503-verification-without-liveness-kotlin
        engine.compareFaceFeature(probe, stored, similar)
        if (similar.score > 0.8f) postAttendance(staffId)
    }

    fun travel(a: Location, b: Location): Float {
        // ok: frt503-verification-without-liveness-kotlin
        return computeDistance(a, b)
    }

    fun sort(a: String, b: String): Int {
        val cmp = NameComparator()
        // ok: frt503-verification-without-liveness-kotlin
        return cmp.compare(a, b)
    }

    private fun postAttendance(staffId: String) {
        api.post(staffId)
    }
}

class DoorFragment(private val matcher: EmbeddingMatcher, private val assets: AssetManager, private val door: DoorLock) {
    private lateinit var recognizer: MobileFaceNet

    fun onStart() {
        recognizer = MobileFaceNet(assets)
    }

    fun onProbe(probeEmbedding: FloatArray, storedEmbedding: FloatArray) {
        // ruleid: frt503-verification-without-liveness-kotlin
        val similarity = matcher.cosineSimilarity(probeEmbedding, storedEmbedding)
        if (similarity > 0.8f) door.unlock()
        // ok: frt503-verification-without-liveness-kotlin
        val drift = matcher.cosineSimilarity(lastLocation, currentLocation)
    }

    fun onCapture(capture: Bitmap, master: Bitmap) {
        // ruleid: frt503-verification-without-liveness-kotlin
        if (recognizer.compare(capture, master) > 0.8f) door.unlock()
    }
}
