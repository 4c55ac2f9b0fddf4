// Tests for frt401-face-only-access-kotlin (this activity offers no second way in)
package com.example.checkin

class KioskActivity(private val matcher: EmbeddingMatcher, private val attendance: Attendance, private val door: DoorLock) {

    fun onEmbedding(vector: FloatArray, staffId: String) {
        val distance = matcher.faceDistance(vector, staffId)
        if (distance < 0.9f) {
            // ruleid: frt401-face-only-access-kotlin
            attendance.markPresent(staffId)
        } else {
            // ok: frt401-face-only-access-kotlin
            showToast("not recognised")
        }
    }

    fun onFace(vector: FloatArray, enrolled: FloatArray) {
        if (cosineSimilarity(vector, enrolled) > 0.75f) {
            // ruleid: frt401-face-only-access-kotlin
            door.unlock()
        }
    }

    fun onIdentified(vector: FloatArray) {
        val best = matcher.findNearest(vector)
        // ruleid: frt401-face-only-access-kotlin
        best?.let { attendance.checkIn(it.staffId) }
    }

    fun onCapture(assets: AssetManager, capture: Bitmap, gallery: List<Pair<String, Bitmap>>) {
        val net = MobileFaceNet(assets)
        for ((name, master) in gallery) {
            val similarity = net.compare(capture, master)
            if (similarity > 0.8f) {
                submitButton.setOnClickListener {
                    // ruleid: frt401-face-only-access-kotlin
                    postAttendance(name)
                }
                break
            }
        }
    }

    fun onSync(list: List<String>) {
        for (name in list) {
            // ok: frt401-face-only-access-kotlin
            postAttendance(name)
        }
    }

    fun onServiceMode() {
        // ok: frt401-face-only-access-kotlin
        door.unlock()
    }
}

class BaiduGate(private val client: AipFace, private val door: DoorLock) {
    fun onPhoto(imageB64: String) {
        val res = client.search(imageB64, "BASE64", "staff", null)
        // ruleid: frt401-face-only-access-kotlin
        door.unlock()
    }
}
