// Tests for frt301-sensitive-attribute-inference-java
package com.example.face;

import java.util.HashMap;
import okhttp3.FormBody;
import okhttp3.MultipartBody;

public class Attributes {
    private static final String FIELDS_WITH_RACE = "age,gender,race,expression";

    public HashMap<String, String> baiduOptions() {
        HashMap<String, String> options = new HashMap<>();
        // ruleid: frt301-sensitive-attribute-inference-java
        options.put("face_field", "age,beauty,race");
        options.put("max_face_num", "3");
        return options;
    }

    public HashMap<String, String> baiduOptionsConst() {
        HashMap<String, String> options = new HashMap<>();
        // ruleid: frt301-sensitive-attribute-inference-java
        options.put("face_field", FIELDS_WITH_RACE);
        return options;
    }

    public HashMap<String, String> baiduOptionsSafe() {
        HashMap<String, String> options = new HashMap<>();
        // ok: frt301-sensitive-attribute-inference-java
        options.put("face_field", "age,quality,face_type");
        return options;
    }

    public FormBody faceppForm(String key, String secret, String b64) {
        return new FormBody.Builder()
                .add("api_key", key)
                .add("image_base64", b64)
                // ruleid: frt301-sensitive-attribute-inference-java
                .add("return_attributes", "gender,age,skinstatus")
                .build();
    }

    public MultipartBody faceppSafe(String b64) {
        return new MultipartBody.Builder()
                .addFormDataPart("image_base64", b64)
                // ok: frt301-sensitive-attribute-inference-java
                .addFormDataPart("return_attributes", "gender,age,emotion")
                .build();
    }
}
