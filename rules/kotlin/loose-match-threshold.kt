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
}
