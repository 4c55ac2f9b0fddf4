// Tests for frt103-face-template-stored-unencrypted-java
package com.example.face;

import android.content.ContentValues;
import android.content.SharedPreferences;
import android.database.sqlite.SQLiteDatabase;
import java.util.Arrays;
import javax.crypto.Cipher;

public class TemplateStore {
    private final SharedPreferences prefs;
    private final SQLiteDatabase db;
    private final FaceEmbedder embedder;
    private final Cipher cipher;

    public void remember(String userId, android.graphics.Bitmap faceCrop) {
        float[] vector = embedder.embed(faceCrop);
        // ruleid: frt103-face-template-stored-unencrypted-java
        prefs.edit().putString("tpl_" + userId, Arrays.toString(vector)).apply();
        // ok: frt103-face-template-stored-unencrypted-java
        prefs.edit().putString("name_" + userId, userId.toUpperCase()).apply();
    }

    public void rememberSealed(String userId, android.graphics.Bitmap faceCrop) throws Exception {
        float[] vector = embedder.embed(faceCrop);
        byte[] sealed = cipher.doFinal(Arrays.toString(vector).getBytes());
        // ok: frt103-face-template-stored-unencrypted-java
        prefs.edit().putString("tpl_" + userId, android.util.Base64.encodeToString(sealed, 0)).apply();
    }

    public void insert(String userId, float[] faceEmbedding) {
        ContentValues row = new ContentValues();
        row.put("user_id", userId);
        // ruleid: frt103-face-template-stored-unencrypted-java
        row.put("embedding", Arrays.toString(faceEmbedding));
        db.insert("faces", null, row);
    }

    public void insertRaw(String userId, java.nio.ByteBuffer in) {
        float[][] out = new float[1][192];
        mobileFaceNet.run(in, out);
        // ruleid: frt103-face-template-stored-unencrypted-java
        db.execSQL("INSERT INTO faces(user_id, vec) VALUES (?, ?)", new Object[]{userId, Arrays.toString(out[0])});
    }
}
