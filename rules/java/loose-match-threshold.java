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

    public com.amazonaws.services.rekognition.model.SearchFacesByImageRequest looseV1(String collection, com.amazonaws.services.rekognition.model.Image image) {
        return new com.amazonaws.services.rekognition.model.SearchFacesByImageRequest()
                .withCollectionId(collection)
                .withImage(image)
                // ruleid: frt502-loose-match-threshold-java
                .withFaceMatchThreshold(70F);
    }

    public software.amazon.awssdk.services.rekognition.model.CompareFacesRequest compareLoose(
            software.amazon.awssdk.services.rekognition.model.Image probe,
            software.amazon.awssdk.services.rekognition.model.Image enrolled) {
        return software.amazon.awssdk.services.rekognition.model.CompareFacesRequest.builder()
                .sourceImage(probe)
                .targetImage(enrolled)
                // ruleid: frt502-loose-match-threshold-java
                .similarityThreshold(60F)
                .build();
    }

    public com.amazonaws.services.rekognition.model.CompareFacesRequest compareLooseV1(com.amazonaws.services.rekognition.model.Image probe) {
        return new com.amazonaws.services.rekognition.model.CompareFacesRequest()
                .withSourceImage(probe)
                // ruleid: frt502-loose-match-threshold-java
                .withSimilarityThreshold(75F);
    }

    public void compareSetter(com.amazonaws.services.rekognition.model.CompareFacesRequest request) {
        // ruleid: frt502-loose-match-threshold-java
        request.setSimilarityThreshold(50F);
        // ok: frt502-loose-match-threshold-java
        request.setQualityFilter("HIGH");
    }

    public boolean baiduStrictInline(JSONObject user) {
        // ruleid: frt502-loose-match-threshold-java
        return user.getDouble("score") > 65;
    }

    public boolean tencentCandidate(com.tencentcloudapi.iai.v20200303.models.Candidate candidate) {
        // ruleid: frt502-loose-match-threshold-java
        return candidate.getScore() > 60F;
    }

    public boolean tencentCandidateAtLeast(com.tencentcloudapi.iai.v20200303.models.Candidate candidate) {
        // ruleid: frt502-loose-match-threshold-java
        return candidate.getScore() >= 70F;
    }

    public boolean tencentCandidateStrict(com.tencentcloudapi.iai.v20200303.models.Candidate candidate) {
        // ok: frt502-loose-match-threshold-java
        return candidate.getScore() >= 90F;
    }

    public boolean tencentLocal(com.tencentcloudapi.iai.v20200303.models.Candidate candidate) {
        Float score = candidate.getScore();
        // ruleid: frt502-loose-match-threshold-java
        return score > 55F;
    }

    public boolean baiduRounded(JSONObject result) {
        long score = Math.round(result.getJSONArray("user_list").getJSONObject(0).getDouble("score"));
        // ruleid: frt502-loose-match-threshold-java
        return score >= 75;
    }
}
