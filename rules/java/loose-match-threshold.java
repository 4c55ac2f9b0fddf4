// Tests for frt502-loose-match-threshold-java
package com.example.face;

import com.tencentcloudapi.iai.v20200303.IaiClient;
import org.json.JSONObject;
import software.amazon.awssdk.services.rekognition.model.SearchFacesByImageRequest;

public class Thresholds {
    public SearchFacesByImageRequest loose(String collection) {
        return SearchFacesByImageRequest.builder()
                .collectionId(collection)
                // ruleid: frt502-loose-match-threshold-java
                .faceMatchThreshold(60F)
                .build();
    }

    public SearchFacesByImageRequest strict(String collection) {
        return SearchFacesByImageRequest.builder()
                .collectionId(collection)
                // ok: frt502-loose-match-threshold-java
                .faceMatchThreshold(95F)
                .build();
    }

    public boolean baiduMatch(JSONObject user) {
        double score = user.getDouble("score");
        // ruleid: frt502-loose-match-threshold-java
        return score > 60;
    }

    public boolean baiduInline(JSONObject user) {
        // ruleid: frt502-loose-match-threshold-java
        return user.getDouble("score") >= 70.5;
    }

    public boolean baiduStrict(JSONObject user) {
        // ok: frt502-loose-match-threshold-java
        return user.getDouble("score") >= 85;
    }

    public void tencent(com.tencentcloudapi.iai.v20200303.models.SearchFacesRequest req) {
        // ruleid: frt502-loose-match-threshold-java
        req.setFaceMatchThreshold(50F);
    }
}
