// Tests for frt301-sensitive-attribute-inference-kotlin
package com.example.checkin

import okhttp3.FormBody

class Attributes {
    fun baiduOptions(): HashMap<String, String> = hashMapOf(
        // ruleid: frt301-sensitive-attribute-inference-kotlin
        "face_field" to "age,gender,race",
        "max_face_num" to "1",
    )

    fun baiduOptionsSafe(): HashMap<String, String> = hashMapOf(
        // ok: frt301-sensitive-attribute-inference-kotlin
        "face_field" to "age,quality",
    )

    fun baiduPut(): HashMap<String, String> {
        val options = HashMap<String, String>()
        // ruleid: frt301-sensitive-attribute-inference-kotlin
        options.put("face_field", "race,beauty")
        return options
    }

    fun baiduIndexed(): HashMap<String, String> {
        val options = HashMap<String, String>()
        // ruleid: frt301-sensitive-attribute-inference-kotlin
        options["face_field"] = "gender,race"
        return options
    }

    fun facepp(b64: String): FormBody = FormBody.Builder()
        .add("image_base64", b64)
        // ruleid: frt301-sensitive-attribute-inference-kotlin
        .add("return_attributes", "gender,ethnicity")
        .build()

    fun faceppSafe(b64: String): FormBody = FormBody.Builder()
        .add("image_base64", b64)
        // ok: frt301-sensitive-attribute-inference-kotlin
        .add("return_attributes", "gender,age,emotion")
        .build()

    fun faceppParams(apiKey: String, b64: String): Map<String, String> = mapOf(
        "api_key" to apiKey,
        "image_base64" to b64,
        // ruleid: frt301-sensitive-attribute-inference-kotlin
        "return_attributes" to "gender,age,skinstatus",
    )

    fun faceppIndexed(b64: String): MutableMap<String, String> {
        val params = mutableMapOf("image_base64" to b64)
        // ruleid: frt301-sensitive-attribute-inference-kotlin
        params["return_attributes"] = "ethnicity,beauty"
        // ok: frt301-sensitive-attribute-inference-kotlin
        params["return_landmark"] = "1"
        return params
    }
}
