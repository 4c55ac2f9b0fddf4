// Tests for frt401-face-only-access-java (this controller offers no second way in)
package com.example.door;

import com.baidu.aip.face.AipFace;
import org.json.JSONObject;

public class GateController {
    private final AipFace client = new AipFace("id", "key", "secret");
    private final Relay relay;
    private final AttendanceLog attendance;

    public void onFace(String imageB64, String gateId) {
        JSONObject res = client.search(imageB64, "BASE64", "staff", null);
        double score = res.getJSONObject("result").getJSONArray("user_list").getJSONObject(0).getDouble("score");
        if (score >= 80) {
            // ruleid: frt401-face-only-access-java
            relay.openGate(gateId);
        } else {
            // ok: frt401-face-only-access-java
            display.show("not recognised");
        }
    }

    public void clock(String imageB64, String staffId) {
        if (verifyFace(imageB64, staffId)) {
            // ruleid: frt401-face-only-access-java
            attendance.markPresent(staffId);
        }
    }

    public void kiosk(float[] probe, float[] enrolled, String doorId) {
        float sim = cosineSimilarity(probe, enrolled);
        if (sim > 0.8f) {
            // ruleid: frt401-face-only-access-java
            unlockDoor(doorId);
        }
    }

    public void onIdentify(FaceApi api, byte[] jpeg) {
        api.identify(new ResultListener<SearchResult>() {
            @Override
            public void onResult(SearchResult result) {
                double bestScore = result.best();
                if (bestScore > 80) {
                    // ruleid: frt401-face-result-grant-java
                    dispatchMatchResult();
                }
                if (bestScore >= 90) {
                    // ruleid: frt401-face-result-grant-java
                    startActivity(new android.content.Intent(ctx, HomeActivity.class));
                }
                if (bestScore > 85) {
                    // ruleid: frt401-face-result-grant-java
                    host.startActivity(new android.content.Intent(host, HomeActivity.class));
                }
                // ok: frt401-face-result-grant-java
                showMessage(bestScore);
            }
        }, jpeg);
    }

    public void onUpload(FileApi api, byte[] jpeg) {
        api.upload(new ResultListener<UploadResult>() {
            @Override
            public void onResult(UploadResult result) {
                if (result.score > 80) {
                    // ok: frt401-face-result-grant-java
                    dispatchMatchResult();
                }
            }
        }, jpeg);
    }

    // the face screen's decision arrives here; the record is written on it alone
    public void afterFaceMatch(AttendanceDao dao, String uid, String when) {
        // ruleid: frt401-face-result-grant-java
        dao.insertAttendance(uid, when);
        // ok: frt401-face-result-grant-java
        dao.updateProfileName(uid, when);
    }

    public void maintenance(String doorId) {
        // ok: frt401-face-only-access-java
        unlockDoor(doorId);
    }

    public java.io.InputStream config(java.net.URL url) throws Exception {
        JSONObject res = client.search("", "BASE64", "staff", null);
        // ok: frt401-face-only-access-java
        return url.openStream();
    }

    public void turnstile(IaiClient iai, SearchPersonsRequest req, String gateId) throws Exception {
        SearchPersonsResponse resp = iai.SearchPersons(req);
        if (resp.getResults()[0].getCandidates()[0].getScore() > 85) {
            // ruleid: frt401-face-only-access-java
            relay.openGate(gateId);
        }
    }

    private Object lastResponse;
    private double lastScore;
    private JSONObject lastMatch;

    public void onRekognition(RekognitionClient rekognition, SearchFacesByImageRequest request, String gateId) {
        lastResponse = rekognition.searchFacesByImage(request);
        // ruleid: frt401-face-only-access-java
        relay.openGate(gateId);
    }

    public void onTencentSearch(IaiClient iai, SearchFacesRequest req, String gateId) throws Exception {
        if (iai.SearchFaces(req).getResults().length > 0) {
            // ruleid: frt401-face-only-access-java
            relay.openGate(gateId);
        }
    }

    public void onLocalScore(float[] probe, float[] enrolled, String doorId) {
        lastScore = faceSimilarity(probe, enrolled);
        if (lastScore > 0.8) {
            // ruleid: frt401-face-only-access-java
            unlockDoor(doorId);
        }
    }

    public void onMatcherFlag(EmbeddingMatcher matcher, float[] probe, String staffId) {
        boolean same = matcher.matchFace(probe, staffId);
        if (same) {
            // ruleid: frt401-face-only-access-java
            attendance.markPresent(staffId);
        }
    }

    public void onMatcherField(EmbeddingMatcher matcher, float[] probe, String staffId) {
        lastScore = matcher.faceDistance(probe, staffId);
        if (lastScore < 0.9) {
            // ruleid: frt401-face-only-access-java
            attendance.markPresent(staffId);
        }
    }

    public void onMatcherIf(EmbeddingMatcher matcher, float[] probe, String staffId) {
        if (matcher.verifyFace(probe, staffId)) {
            // ruleid: frt401-face-only-access-java
            attendance.clockIn(staffId);
        }
    }

    public void onBaiduMatch(org.json.JSONArray images, String gateId) {
        lastMatch = client.match(images);
        // ruleid: frt401-face-only-access-java
        relay.openGate(gateId);
    }

    public void onBaiduPersonVerify(SessionManager session, String imageB64, String idNumber, String name) {
        if (client.personVerify(imageB64, "BASE64", idNumber, name, null).getInt("error_code") == 0) {
            // ruleid: frt401-face-only-access-java
            session.login(idNumber);
        }
    }
}
