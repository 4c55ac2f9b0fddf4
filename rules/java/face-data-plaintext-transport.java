// Tests for frt501-face-data-plaintext-transport-java
package com.example.face;

import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import com.google.mlkit.vision.common.InputImage;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;

public class Uploader {
    private static final String PLAIN = "http://attendance.example.cn/api";
    private static final String TLS = "https://attendance.example.cn/api";
    private static final MediaType JPEG = MediaType.parse("image/jpeg");
    private final OkHttpClient http = new OkHttpClient();

    public void upload(byte[] faceJpeg) throws Exception {
        RequestBody body = RequestBody.create(faceJpeg, JPEG);
        // ruleid: frt501-face-data-plaintext-transport-java
        Request plain = new Request.Builder().url(PLAIN + "/faces").post(body).build();
        // ok: frt501-face-data-plaintext-transport-java
        Request tls = new Request.Builder().url(TLS + "/faces").post(body).build();
        // ok: frt501-face-data-plaintext-transport-java
        Request local = new Request.Builder().url("http://127.0.0.1:8080/faces").post(body).build();
        http.newCall(plain).execute();
    }

    public void legacy(byte[] faceJpeg) throws Exception {
        HttpURLConnection conn = (HttpURLConnection) new URL("http://10.0.0.5/door/upload").openConnection();
        conn.setDoOutput(true);
        try (OutputStream os = conn.getOutputStream()) {
            // ruleid: frt501-face-data-plaintext-transport-java
            os.write(faceJpeg);
        }
    }

    public void helper(HttpHelper helper, String faceBase64) throws Exception {
        // ruleid: frt501-face-data-plaintext-transport-java
        helper.postForm("http://face.example.cn/verify", "image", faceBase64);
        // ok: frt501-face-data-plaintext-transport-java
        helper.postForm("http://face.example.cn/ping", "device", "gate-1");
    }

    private InputImage pending;
    private com.baidu.aip.face.AipFace aipClient;

    public void onPreviewFrame(android.graphics.Bitmap shot, HttpHelper helper) throws Exception {
        pending = InputImage.fromBitmap(shot, 0);
        detector.process(pending);
        // ruleid: frt501-face-data-plaintext-transport-java
        helper.uploadImage("http://gate.example.cn/frames", toJpeg(shot));
    }

    public void searchThenMirror(String photoB64, HttpHelper helper) throws Exception {
        aipClient.search(photoB64, "BASE64", "staff", null);
        // ruleid: frt501-face-data-plaintext-transport-java
        helper.postJson("http://audit.example.cn/searches", photoB64);
        // ok: frt501-face-data-plaintext-transport-java
        helper.postJson("https://audit.example.cn/searches", photoB64);
    }

    public void sendAttendanceShot(HttpHelper helper) throws Exception {
        byte[] shot = captureFaceJpeg();
        // ruleid: frt501-face-data-plaintext-transport-java
        helper.uploadImage("http://attendance.example.cn/checkin", shot);
    }

    public void sendLoginShot(CameraHelper camera, HttpHelper helper) throws Exception {
        byte[] shot = camera.takeSelfie();
        // ruleid: frt501-face-data-plaintext-transport-java
        helper.uploadImage("http://login.example.cn/face", shot);
    }

    public void sendTemplate(org.tensorflow.lite.Interpreter faceNet, float[][][][] input, HttpHelper helper) throws Exception {
        float[][] output = new float[1][192];
        faceNet.run(input, output);
        // ruleid: frt501-face-data-plaintext-transport-java
        helper.postJson("http://match.example.cn/probe", java.util.Arrays.toString(output[0]));
    }

    public void sendTemplates(org.tensorflow.lite.Interpreter faceNet, Object[] inputs, java.util.Map<Integer, Object> outputs, HttpHelper helper) throws Exception {
        faceNet.runForMultipleInputsOutputs(inputs, outputs);
        // ruleid: frt501-face-data-plaintext-transport-java
        helper.postJson("http://match.example.cn/probes", outputs.toString());
    }

    public void sendComputedVector(android.graphics.Bitmap bmp, HttpHelper helper) throws Exception {
        float[] vec = computeFaceEmbedding(bmp);
        // ruleid: frt501-face-data-plaintext-transport-java
        helper.postJson("http://match.example.cn/vectors", java.util.Arrays.toString(vec));
    }

    public void sendRecognizerTemplate(Recognizer recognizer, android.graphics.Bitmap bmp, HttpHelper helper) throws Exception {
        byte[] tpl = recognizer.getFaceTemplate(bmp);
        // ruleid: frt501-face-data-plaintext-transport-java
        helper.uploadTemplate("http://match.example.cn/templates", tpl);
    }

    public void replaceEnrolment(String userId, byte[] faceJpeg) throws Exception {
        RequestBody body = RequestBody.create(faceJpeg, JPEG);
        // ruleid: frt501-face-data-plaintext-transport-java
        Request plain = new Request.Builder().url(PLAIN + "/faces/enrol").put(body).build();
        // ok: frt501-face-data-plaintext-transport-java
        Request tls = new Request.Builder().url(TLS + "/faces/enrol").put(body).build();
        http.newCall(plain).execute();
        http.newCall(tls).execute();
    }

    public void patchEnrolment(String userId, byte[] faceJpeg) throws Exception {
        RequestBody body = RequestBody.create(faceJpeg, JPEG);
        // ruleid: frt501-face-data-plaintext-transport-java
        Request plain = new Request.Builder().url(PLAIN + "/faces/enrol").patch(body).build();
        http.newCall(plain).execute();
    }

    public void legacyDirect(byte[] faceJpeg) throws Exception {
        java.net.URLConnection conn = new URL("http://10.0.0.5/door/verify").openConnection();
        conn.setDoOutput(true);
        // ruleid: frt501-face-data-plaintext-transport-java
        conn.getOutputStream().write(faceJpeg);
    }

    public void legacyStream(byte[] faceJpeg) throws Exception {
        HttpURLConnection conn = (HttpURLConnection) new URL("http://10.0.0.5/door/enrol").openConnection();
        conn.setDoOutput(true);
        OutputStream os = conn.getOutputStream();
        // ruleid: frt501-face-data-plaintext-transport-java
        os.write(faceJpeg);
        os.close();
    }
}
