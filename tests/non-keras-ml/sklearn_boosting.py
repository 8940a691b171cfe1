"""Gradient boosting and clustering with scikit-learn."""
import joblib
import numpy as np
from sklearn.cluster import KMeans
from sklearn.decomposition import NMF
from sklearn.datasets import load_digits
from sklearn.ensemble import GradientBoostingClassifier, RandomForestClassifier
from sklearn.model_selection import train_test_split

X, y = load_digits(return_X_y=True)
X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=0)

model = GradientBoostingClassifier(n_estimators=50, subsample=0.5, max_depth=3)
model.fit(X_train, y_train)
proba = model.predict_proba(X_test)
print("accuracy", (proba.argmax(axis=1) == y_test).mean())

forest = RandomForestClassifier(n_estimators=100, n_jobs=2).fit(X_train, y_train)
forest_proba = forest.predict_proba(X_test)

km = KMeans(n_clusters=10, init="k-means++", n_init=10).fit(X)
nmf = NMF(n_components=8, init="nndsvd", max_iter=400)
W = nmf.fit_transform(np.abs(X))

joblib.dump(model, "boosting.h5")


def evaluate(clf, features, labels):
    p = clf.predict_proba(features)
    return (p.argmax(axis=1) == labels).mean()


print(evaluate(forest, X_test, y_test))
