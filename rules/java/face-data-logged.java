// Tests for frt102-face-data-logged-java
package com.example.face;

import android.util.Log;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.util.Arrays;

public class FaceDebug {
    private static final Logger log = LoggerFactory.getLogger(FaceDebug.class);
    private static final String TAG = "FaceDebug";

    public void onEmbedding(float[] faceEmbedding, String userId) {
        // ruleid: frt102-face-data-logged-java
        Log.d(TAG, "embedding for " + userId + ": " + Arrays.toString(faceEmbedding));
        // ok: frt102-face-data-logged-java
        Log.d(TAG, "embedding size " + faceEmbedding.length + " for " + userId);
    }

    public void onUpload(String faceBase64, String deviceId) {
        // ruleid: frt102-face-data-logged-java
        log.info("upload from {} image={}", deviceId, faceBase64);
        // ok: frt102-face-data-logged-java
        log.info("upload from {}", deviceId);
    }

    public void identify(FaceService service, java.io.File photo) {
        service.identify(new ResultListener<SearchResult>() {
            @Override
            public void onResult(SearchResult result) {
                String body = result.getJsonRes();
                // ruleid: frt102-face-data-logged-java
                Log.d(TAG, "search response " + body);
                try {
                    org.json.JSONObject best = new org.json.JSONObject(body).getJSONObject("result");
                    double score = best.getDouble("score");
                    String uid = best.getString("user_id");
                    // ok: frt102-face-data-logged-java
                    Log.d(TAG, "best " + uid + " score " + score);
                } catch (org.json.JSONException e) {
                    // ok: frt102-face-data-logged-java
                    Log.e(TAG, "bad response", e);
                }
            }

            @Override
            public void onError(FaceError error) {
                // ok: frt102-face-data-logged-java
                Log.e(TAG, "search failed " + error);
            }
        }, photo);
    }

    public void download(FileService files) {
        files.fetch(new ResultListener<String>() {
            @Override
            public void onResult(String body) {
                // ok: frt102-face-data-logged-java
                Log.d(TAG, "download " + body);
            }
        });
    }

    public float[] embedAndTrace(java.nio.ByteBuffer input) {
        float[][] out = new float[1][128];
        faceNet.run(input, out);
        // ruleid: frt102-face-data-logged-java
        System.out.println("vector " + Arrays.toString(out[0]));
        return out[0];
    }
}
