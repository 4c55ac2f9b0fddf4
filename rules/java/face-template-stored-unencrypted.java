// Tests for frt103-face-template-stored-unencrypted-java
package com.example.face;

import android.content.ContentValues;
import android.content.SharedPreferences;
import android.database.sqlite.SQLiteDatabase;
import java.nio.file.Files;
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

    public void rememberBatch(String userId, Object[] inputs, java.util.Map<Integer, Object> outputs) {
        faceNet.runForMultipleInputsOutputs(inputs, outputs);
        // ruleid: frt103-face-template-stored-unencrypted-java
        prefs.edit().putString("tpl_" + userId, outputs.toString()).apply();
    }

    public void rememberComputed(String userId, android.graphics.Bitmap bmp) {
        float[] vec = computeFaceEmbedding(bmp);
        // ruleid: frt103-face-template-stored-unencrypted-java
        prefs.edit().putString("tpl_" + userId, Arrays.toString(vec)).apply();
    }

    public void rememberRecognizerTemplate(Recognizer recognizer, String userId, android.graphics.Bitmap bmp) {
        byte[] tpl = recognizer.getFaceTemplate(bmp);
        // ruleid: frt103-face-template-stored-unencrypted-java
        prefs.edit().putString("tpl_" + userId, android.util.Base64.encodeToString(tpl, 0)).apply();
        // ok: frt103-face-template-stored-unencrypted-java
        prefs.edit().putString("tpl_" + userId, android.util.Base64.encodeToString(encryptTemplate(tpl), 0)).apply();
    }

    public void rememberSet(SharedPreferences.Editor editor, String userId, float[] faceEmbedding) {
        // ruleid: frt103-face-template-stored-unencrypted-java
        editor.putStringSet("tpl_" + userId, java.util.Collections.singleton(Arrays.toString(faceEmbedding)));
        editor.apply();
    }

    public void saveVector(java.sql.Connection conn, String userId, float[] faceEmbedding) throws Exception {
        java.sql.PreparedStatement ps = conn.prepareStatement("INSERT INTO face_vectors(user_id, vec, raw, pg) VALUES (?, ?, ?, ?)");
        ps.setString(1, userId);
        // ruleid: frt103-face-template-stored-unencrypted-java
        ps.setString(2, Arrays.toString(faceEmbedding));
        // ruleid: frt103-face-template-stored-unencrypted-java
        ps.setBytes(3, toBytes(faceEmbedding));
        // ruleid: frt103-face-template-stored-unencrypted-java
        ps.setObject(4, faceEmbedding);
        ps.executeUpdate();
    }

    public void exportVector(java.nio.file.Path dir, String userId, float[] faceEmbedding) throws Exception {
        // ruleid: frt103-face-template-stored-unencrypted-java
        Files.write(dir.resolve(userId + ".vec"), Arrays.toString(faceEmbedding).getBytes());
    }

    public void serialize(java.io.File file, float[] faceEmbedding) throws Exception {
        try (java.io.ObjectOutputStream oos = new java.io.ObjectOutputStream(new java.io.FileOutputStream(file))) {
            // ruleid: frt103-face-template-stored-unencrypted-java
            oos.writeObject(faceEmbedding);
        }
    }
}
