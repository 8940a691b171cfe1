"""Boosted trees with XGBoost and LightGBM."""
import lightgbm as lgb
import xgboost as xgb
from sklearn.datasets import load_breast_cancer
from sklearn.model_selection import train_test_split

X, y = load_breast_cancer(return_X_y=True)
X_train, X_valid, y_train, y_valid = train_test_split(X, y, random_state=1)

model = xgb.XGBClassifier(n_estimators=200, max_depth=4, subsample=0.8, colsample_bytree=0.8)
model.fit(X_train, y_train, eval_set=[(X_valid, y_valid)], verbose=False)
p = model.predict_proba(X_valid)[:, 1]
model.save_model("xgb.json")

booster = lgb.LGBMClassifier(subsample=0.7, subsample_freq=1, learning_rate=0.05)
booster.fit(X_train, y_train)
p_lgb = booster.predict_proba(X_valid)[:, 1]

dtrain = xgb.DMatrix(X_train, label=y_train)
bst = xgb.train({"eta": 0.1, "subsample": 0.9}, dtrain, num_boost_round=20)
bst.save_model("bst.json")
