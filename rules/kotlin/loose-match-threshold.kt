// Tests for frt502-loose-match-threshold-kotlin
package com.example.checkin

import com.baidu.aip.face.AipFace
import org.json.JSONObject

class Thresholds {
    fun baidu(user: JSONObject): Boolean {
        val score = user.getDouble("score")
        // ruleid: frt502-loose-match-threshold-kotlin
        return score > 60
    }

    fun baiduInline(user: JSONObject): Boolean {
        // ruleid: frt502-loose-match-threshold-kotlin
        return user.getDouble("score") >= 75.0
    }

    fun baiduStrict(user: JSONObject): Boolean {
        // ok: frt502-loose-match-threshold-kotlin
        return user.getDouble("score") >= 80
    }

    fun tencent(req: SearchFacesRequest) {
        // ruleid: frt502-loose-match-threshold-kotlin
        req.setFaceMatchThreshold(50f)
        // ok: frt502-loose-match-threshold-kotlin
        req.setMaxFaceNum(1)
    }

    fun tencentProperty(req: SearchFacesRequest) {
        // ruleid: frt502-loose-match-threshold-kotlin
        req.faceMatchThreshold = 55f
        // ok: frt502-loose-match-threshold-kotlin
        req.maxFaceNum = 1
    }

    fun tencentPropertyStrict(req: SearchFacesRequest) {
        // ok: frt502-loose-match-threshold-kotlin
        req.faceMatchThreshold = 85f
    }

    fun searchLoose(collection: String): SearchFacesByImageRequest =
        SearchFacesByImageRequest.builder()
            .collectionId(collection)
            // ruleid: frt502-loose-match-threshold-kotlin
            .faceMatchThreshold(60f)
            .build()

    fun compareLoose(probe: Image, enrolled: Image): CompareFacesRequest =
        CompareFacesRequest.builder()
            .sourceImage(probe)
            .targetImage(enrolled)
            // ruleid: frt502-loose-match-threshold-kotlin
            .similarityThreshold(70f)
            // ok: frt502-loose-match-threshold-kotlin
            .qualityFilter("HIGH")
            .build()

    // the REST body for Tencent's SearchFaces, fields named as the API's JSON keys
    fun tencentRestBody(groupId: String, imageB64: String): SearchFacesBody {
        val body = SearchFacesBody(GroupIds = listOf(groupId), Image = imageB64)
        // ruleid: frt502-loose-match-threshold-kotlin
        body.FaceMatchThreshold = 60f
        return body
    }

    fun baiduInlineAbove(user: JSONObject): Boolean {
        // ruleid: frt502-loose-match-threshold-kotlin
        return user.getDouble("score") > 65
    }

    fun baiduRounded(result: JSONObject): Boolean {
        val score = result.getJSONArray("user_list").getJSONObject(0).getDouble("score").roundToInt()
        // ruleid: frt502-loose-match-threshold-kotlin
        return score >= 75
    }
}
