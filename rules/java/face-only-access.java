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
}
