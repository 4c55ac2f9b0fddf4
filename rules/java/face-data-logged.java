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

    public float[] embedAndTrace(java.nio.ByteBuffer input) {
        float[][] out = new float[1][128];
        faceNet.run(input, out);
        // ruleid: frt102-face-data-logged-java
        System.out.println("vector " + Arrays.toString(out[0]));
        return out[0];
    }
}
