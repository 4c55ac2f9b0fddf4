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

class CloudGate(
    private val rekognition: RekognitionClient,
    private val tencent: IaiClient,
    private val aip: AipFace,
    private val door: DoorLock,
    private val session: SessionManager,
) {
    fun onRekognition(request: SearchFacesByImageRequest) {
        val response = rekognition.searchFacesByImage(request)
        // ruleid: frt401-face-only-access-kotlin
        door.unlock()
    }

    fun onTencentSearch(request: SearchFacesRequest) {
        var response = tencent.SearchFaces(request)
        // ruleid: frt401-face-only-access-kotlin
        session.login(response.Results[0].Candidates[0].PersonId)
    }

    private var lastPersons: SearchPersonsResponse? = null

    fun onTencentPersons(request: SearchPersonsRequest) {
        lastPersons = tencent.SearchPersons(request)
        // ruleid: frt401-face-only-access-kotlin
        door.openDoor()
    }

    fun onTencentGroups(request: SearchFacesReturnsByGroupRequest) {
        if (tencent.SearchFacesReturnsByGroup(request).ResultsReturnsByGroup.isNotEmpty()) {
            // ruleid: frt401-face-only-access-kotlin
            door.unlock()
        }
    }

    fun onBaiduMultiSearch(imageB64: String) {
        var res = aip.multiSearch(imageB64, "BASE64", "staff,visitors", null)
        // ruleid: frt401-face-only-access-kotlin
        door.unlock()
    }

    private var lastMatch: org.json.JSONObject? = null

    fun onBaiduMatch(images: org.json.JSONArray) {
        lastMatch = aip.match(images)
        // ruleid: frt401-face-only-access-kotlin
        door.unlock()
    }

    fun onBaiduPersonVerify(imageB64: String, idNumber: String, name: String) {
        if (aip.personVerify(imageB64, "BASE64", idNumber, name, null).getInt("error_code") == 0) {
            // ruleid: frt401-face-only-access-kotlin
            session.login(idNumber)
        }
    }
}

class LocalGate(private val matcher: EmbeddingMatcher, private val door: DoorLock, private val net: MobileFaceNet) {
    private var lastScore = 0f

    fun onLocalVerify(probe: FloatArray, enrolled: FloatArray) {
        val same = verifyFace(probe, enrolled)
        // ruleid: frt401-face-only-access-kotlin
        if (same) door.unlock()
    }

    fun onLocalVerifyVar(probe: FloatArray, enrolled: FloatArray) {
        var same = verifyFace(probe, enrolled)
        // ruleid: frt401-face-only-access-kotlin
        if (same) door.unlock()
    }

    fun onLocalScore(probe: FloatArray, enrolled: FloatArray) {
        lastScore = faceSimilarity(probe, enrolled)
        // ruleid: frt401-face-only-access-kotlin
        if (lastScore > 0.8f) door.unlock()
    }

    fun onMatcherVar(probe: FloatArray, staffId: String) {
        var distance = matcher.faceDistance(probe, staffId)
        // ruleid: frt401-face-only-access-kotlin
        if (distance < 0.9f) door.unlock()
    }

    fun onMatcherField(probe: FloatArray, staffId: String) {
        lastScore = matcher.faceSimilarity(probe, staffId)
        // ruleid: frt401-face-only-access-kotlin
        if (lastScore > 0.8f) door.unlock()
    }

    fun onMatcherIf(probe: FloatArray, staffId: String) {
        if (matcher.matchFace(probe, staffId)) {
            // ruleid: frt401-face-only-access-kotlin
            door.unlock()
        }
    }

    fun onModelVar(capture: Bitmap, master: Bitmap) {
        var similarity = net.compare(capture, master)
        // ruleid: frt401-face-only-access-kotlin
        if (similarity > 0.8f) door.unlock()
    }

    fun onModelIf(capture: Bitmap, master: Bitmap) {
        if (net.verify(capture, master)) {
            // ruleid: frt401-face-only-access-kotlin
            door.unlock()
        }
    }
}
