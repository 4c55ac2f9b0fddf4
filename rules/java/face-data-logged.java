// Tests for frt102-face-data-logged-java
package com.example.face;

import android.util.Log;
import com.google.mlkit.vision.common.InputImage;
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

    private InputImage pending;
    private com.baidu.aip.face.AipFace aipClient;

    public void onPreviewFrame(android.graphics.Bitmap shot) {
        pending = InputImage.fromBitmap(shot, 0);
        detector.process(pending);
        // ruleid: frt102-face-data-logged-java
        Log.d(TAG, "frame " + toBase64(shot));
        // ok: frt102-face-data-logged-java
        Log.d(TAG, "frame " + shot.getWidth() + "x" + shot.getHeight());
    }

    public void searched(String photoB64) {
        aipClient.search(photoB64, "BASE64", "staff", null);
        // ruleid: frt102-face-data-logged-java
        Log.w(TAG, "searched with " + photoB64);
    }

    public void attendanceShot() {
        byte[] shot = captureFaceJpeg();
        // ruleid: frt102-face-data-logged-java
        Log.v(TAG, "shot " + Arrays.toString(shot));
    }

    public void loginShot(CameraHelper camera) {
        byte[] shot = camera.takeSelfie();
        // ruleid: frt102-face-data-logged-java
        Log.v(TAG, "login shot " + Arrays.toString(shot));
    }

    public void vectors(Object[] inputs, java.util.Map<Integer, Object> outputs) {
        faceNet.runForMultipleInputsOutputs(inputs, outputs);
        // ruleid: frt102-face-data-logged-java
        Log.d(TAG, "outputs " + outputs);
    }

    public void computed(android.graphics.Bitmap bmp) {
        float[] vec = computeFaceEmbedding(bmp);
        // ruleid: frt102-face-data-logged-java
        Log.d(TAG, "vec " + Arrays.toString(vec));
    }

    public void recognizerTemplate(Recognizer recognizer, android.graphics.Bitmap bmp) {
        byte[] tpl = recognizer.getFaceTemplate(bmp);
        // ruleid: frt102-face-data-logged-java
        Log.d(TAG, "tpl " + Arrays.toString(tpl));
    }
}
