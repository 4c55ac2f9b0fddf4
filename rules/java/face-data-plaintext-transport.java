// Tests for frt501-face-data-plaintext-transport-java
package com.example.face;

import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URL;
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
}
