// Tests for the frt201-*-java rules
package com.example.face;

import com.baidu.aip.face.AipFace;
import com.tencentcloudapi.iai.v20200303.IaiClient;
import com.tencentcloudapi.iai.v20200303.models.SearchFacesRequest;
import org.json.JSONObject;
import org.tensorflow.lite.Interpreter;
import java.util.HashMap;

public class FaceService {
    private final AipFace client = new AipFace("id", "key", "secret");
    private final IaiClient iai;
    private final Interpreter faceNet;
    private final Interpreter sceneNet;
    private final ConsentRegistry consentRegistry;

    public JSONObject identify(String imageB64) {
        HashMap<String, String> options = new HashMap<>();
        options.put("max_user_num", "1");
        // ruleid: frt201-cloud-face-api-without-consent-java
        return client.search(imageB64, "BASE64", "staff", options);
    }

    public JSONObject identifyWithConsent(String imageB64, Person p) {
        if (!consentRegistry.hasFaceConsent(p.getId())) {
            throw new IllegalStateException("separate consent for face recognition missing");
        }
        // ok: frt201-cloud-face-api-without-consent-java
        return client.search(imageB64, "BASE64", "staff", new HashMap<>());
    }

    public JSONObject enroll(String imageB64, Person p) {
        if (p.isFaceConsentGiven()) {
            // ok: frt201-cloud-face-api-without-consent-java
            return client.addUser(imageB64, "BASE64", "staff", p.getId(), new HashMap<>());
        }
        // ruleid: frt201-cloud-face-api-without-consent-java
        return client.addUser(imageB64, "BASE64", "visitors", p.getId(), new HashMap<>());
    }

    public JSONObject detectOnly(String imageB64) {
        // ok: frt201-cloud-face-api-without-consent-java
        return client.detect(imageB64, "BASE64", new HashMap<>());
    }

    public JSONObject visitorProfile(String imageB64) {
        HashMap<String, String> options = new HashMap<>();
        options.put("face_field", "age,gender,expression");
        // ruleid: frt201-cloud-face-api-without-consent-java
        return client.detect(imageB64, "BASE64", options);
    }

    public Object tencentSearch(SearchFacesRequest req) throws Exception {
        // ruleid: frt201-cloud-face-api-without-consent-java
        return iai.SearchFaces(req);
    }

    public String faceppCompare(HttpHelper http, String a, String b) throws Exception {
        // ruleid: frt201-cloud-face-api-without-consent-java
        return http.post("https://api-cn.faceplusplus.com/facepp/v3/compare", a, b);
    }

    private static final String AIP_HOST = "https://aip.example-cloud.com";
    private static final String SEARCH_ENDPOINT = AIP_HOST + "/rest/2.0/face/v3/search";
    private static final String ENROL_ENDPOINT = AIP_HOST + "/rest/2.0/face/v3/faceset/user/add";
    private static final String GROUPS_ENDPOINT = AIP_HOST + "/rest/2.0/face/v3/faceset/group/getlist";

    private String withToken(String url) {
        return url + "?access_token=t";
    }

    public void restIdentify(RestClient rest, Object params, Callback cb) {
        String url = withToken(SEARCH_ENDPOINT);
        // ruleid: frt201-cloud-face-api-without-consent-java
        rest.post(url, params, cb);
    }

    public void restEnrol(RestClient rest, Object params, Callback cb) {
        // ruleid: frt201-cloud-face-api-without-consent-java
        rest.post(ENROL_ENDPOINT, params, cb);
    }

    public void restEnrolConsented(RestClient rest, Object params, Callback cb, Person p) {
        if (!p.hasFaceConsent()) {
            return;
        }
        String url = withToken(ENROL_ENDPOINT);
        // ok: frt201-cloud-face-api-without-consent-java
        rest.post(url, params, cb);
    }

    public void restGroups(RestClient rest, Object params, Callback cb) {
        String url = withToken(GROUPS_ENDPOINT);
        // ok: frt201-cloud-face-api-without-consent-java
        rest.post(url, params, cb);
    }

    @RequiresFaceConsent
    public Object rekognitionSearch(RekognitionClient rek, SearchFacesByImageRequest req) {
        // ok: frt201-cloud-face-api-without-consent-java
        return rek.searchFacesByImage(req);
    }

    public float[] embed(java.nio.ByteBuffer faceInput) {
        float[][] out = new float[1][192];
        // ruleid: frt201-on-device-face-embedding-without-consent-java
        faceNet.run(faceInput, out);
        return out[0];
    }

    public float[] embedAny(Interpreter tflite, java.nio.ByteBuffer input) {
        float[][] embedding = new float[1][128];
        // ruleid: frt201-on-device-face-embedding-without-consent-java
        tflite.run(input, embedding);
        return embedding[0];
    }

    public float[] classifyScene(Interpreter tflite, java.nio.ByteBuffer input) {
        float[][] probabilities = new float[1][1000];
        // ok: frt201-on-device-face-embedding-without-consent-java
        tflite.run(input, probabilities);
        return probabilities[0];
    }

    public float[] embedChecked(java.nio.ByteBuffer faceInput, String userId) {
        consentRegistry.requireConsent(userId, "face-embedding");
        float[][] out = new float[1][192];
        // ok: frt201-on-device-face-embedding-without-consent-java
        faceNet.run(faceInput, out);
        return out[0];
    }

    public float[] classify(java.nio.ByteBuffer pixels) {
        float[][] out = new float[1][1000];
        // ok: frt201-on-device-face-embedding-without-consent-java
        sceneNet.run(pixels, out);
        return out[0];
    }

    public int arcsoft(FaceEngine engine, FaceFeature a, FaceFeature b, FaceSimilar sim) {
        // ruleid: frt201-on-device-face-embedding-without-consent-java
        return engine.compareFaceFeature(a, b, sim);
    }

    public int arcsoftExtract(FaceEngine engine, byte[] nv21, int w, int h, FaceInfo info, FaceFeature out) {
        // ruleid: frt201-on-device-face-embedding-without-consent-java
        return engine.extractFaceFeature(nv21, w, h, FaceEngine.CP_PAF_NV21, info, out);
    }

    public Object rekognitionIdentify(RekognitionClient rek, SearchFacesByImageRequest req) {
        // ruleid: frt201-cloud-face-api-without-consent-java
        return rek.searchFacesByImage(req);
    }

    public String faceppSearch(java.util.Map<String, String> params) throws Exception {
        // ruleid: frt201-cloud-face-api-without-consent-java
        return doPost("https://api-cn.faceplusplus.com/facepp/v3/search", params);
    }

    public String faceppAddFace(FaceppHttp facepp, java.util.Map<String, String> params) throws Exception {
        // ruleid: frt201-cloud-face-api-without-consent-java
        String added = facepp.formCall("https://api-cn.faceplusplus.com/facepp/v3/faceset/addface", params);
        // ok: frt201-cloud-face-api-without-consent-java
        facepp.formCall("https://api-cn.faceplusplus.com/facepp/v3/detect", params);
        return added;
    }

    public float[] embedMobileFaceNet(Interpreter mobileFaceNet, java.nio.ByteBuffer input) {
        float[][] out = new float[1][192];
        // ruleid: frt201-on-device-face-embedding-without-consent-java
        mobileFaceNet.run(input, out);
        return out[0];
    }

    public void embedMobileFaceNetBatch(Interpreter mobileFaceNet, Object[] inputs, java.util.Map<Integer, Object> outputs) {
        // ruleid: frt201-on-device-face-embedding-without-consent-java
        mobileFaceNet.runForMultipleInputsOutputs(inputs, outputs);
    }

    public float[] embedGeneric(Interpreter tflite, java.nio.ByteBuffer faceBuffer) {
        float[][] out = new float[1][128];
        // ruleid: frt201-on-device-face-embedding-without-consent-java
        tflite.run(faceBuffer, out);
        return out[0];
    }

    public void embedGenericBatch(Interpreter tflite, Object[] faceBuffers, java.util.Map<Integer, Object> outputs) {
        // ruleid: frt201-on-device-face-embedding-without-consent-java
        tflite.runForMultipleInputsOutputs(faceBuffers, outputs);
    }

    public void embedNamedOutputs(Interpreter tflite, Object[] inputs, java.util.Map<Integer, Object> embeddings) {
        // ruleid: frt201-on-device-face-embedding-without-consent-java
        tflite.runForMultipleInputsOutputs(inputs, embeddings);
        // ok: frt201-on-device-face-embedding-without-consent-java
        tflite.runForMultipleInputsOutputs(inputs, new java.util.HashMap<Integer, Object>());
    }
}
