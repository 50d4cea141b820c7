package dev.tailor.spark;

import dev.tailor.domain.inference.Prediction;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The rows batch prediction writes. Nested for Parquet: file, class, probability, top (an array of className and
 * probability), error. Flat for CSV, as {@code tailor predict --csv} writes it: file, class, probability, class_2,
 * probability_2 ... up to top, error. A failed image has only its file and error.
 */
record ResultRows(Layout layout, int top) implements Serializable {
    enum Layout { NESTED, FLAT }

    private static final StructType SCORE = DataTypes.createStructType(List.of(
            DataTypes.createStructField("className", DataTypes.StringType, false),
            DataTypes.createStructField("probability", DataTypes.DoubleType, false)));

    StructType schema() {
        List<StructField> fields = new ArrayList<>(List.of(
                DataTypes.createStructField("file", DataTypes.StringType, false),
                DataTypes.createStructField("class", DataTypes.StringType, true),
                DataTypes.createStructField("probability", DataTypes.DoubleType, true)));
        switch (layout) {
            case NESTED -> fields.add(DataTypes.createStructField("top", DataTypes.createArrayType(SCORE, false), true));
            case FLAT -> {
                for (int k = 2; k <= top; k++) {
                    fields.add(DataTypes.createStructField("class_" + k, DataTypes.StringType, true));
                    fields.add(DataTypes.createStructField("probability_" + k, DataTypes.DoubleType, true));
                }
            }
        }
        fields.add(DataTypes.createStructField("error", DataTypes.StringType, true));
        return DataTypes.createStructType(fields);
    }

    Row classified(String file, Prediction p) {
        List<Prediction.Score> scores = p.top(top);
        List<Object> values = new ArrayList<>(List.of(file, p.className(), (double) p.probability()));
        switch (layout) {
            // An array column is a Scala Seq inside a Row.
            case NESTED -> values.add(CollectionConverters.asScala(
                    scores.stream().map(s -> RowFactory.create(s.className(), (double) s.probability())).toList()).toSeq());
            case FLAT -> {
                for (int k = 1; k < top; k++) {
                    values.add(k < scores.size() ? scores.get(k).className() : null);
                    values.add(k < scores.size() ? (Object) (double) scores.get(k).probability() : null);
                }
            }
        }
        values.add(null);
        return RowFactory.create(values.toArray());
    }

    Row failed(String file, String reason) {
        Object[] values = new Object[schema().size()];
        values[0] = file;
        values[values.length - 1] = reason;
        return RowFactory.create(values);
    }
}
