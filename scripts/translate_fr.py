#!/usr/bin/env python3
"""Fills translations/kmw_fr.ts from the French glossary below (run after
`cmake --build build --target update_translations`). Untranslated strings are listed."""
import re
import sys
import xml.etree.ElementTree as ET

FR = {
    'Smoke Train': "Entraînement d'essai",
    'Train the migrated model in effect here for a few epochs in LibTorch and plot the loss (Ctrl+T)': 'Entraîner le modèle migré en vigueur ici pendant quelques époques dans LibTorch et tracer la perte (Ctrl+T)',
    '&Model': '&Modèle',
    '&Smoke Train Cell': "&Entraînement d'essai de la cellule",
    'Train the migrated model in effect at the current cell for a few epochs in LibTorch': 'Entraîner le modèle migré en vigueur à la cellule courante pendant quelques époques dans LibTorch',
    'S&top Training': "&Arrêter l'entraînement",
    'Smoke Training': "Entraînement d'essai",
    'Choose Smoke Train on a cell that builds a model (Ctrl+T).': "Choisissez Entraînement d'essai sur une cellule qui construit un modèle (Ctrl+T).",
    'Synthetic (random teacher)': 'Synthétiques (professeur aléatoire)',
    'Digits (8×8, 10 classes)': 'Chiffres (8×8, 10 classes)',
    'File…': 'Fichier…',
    "Training data: synthetic rows made to the model's shapes, scikit-learn's digits, or a CSV/NPY/NPZ file (last CSV column is the target)": "Données d'entraînement : lignes synthétiques aux formes du modèle, les chiffres de scikit-learn, ou un fichier CSV/NPY/NPZ (la dernière colonne CSV est la cible)",
    '&Data:': '&Données :',
    'as fit()': 'comme fit()',
    '&Epochs:': 'É&poques :',
    '&Batch size:': 'Taille de &lot :',
    'See&d:': '&Graine :',
    'Loss': 'Perte',
    'training loss (smoothed, per step)': "perte d'entraînement (lissée, par pas)",
    'validation loss (per epoch)': 'perte de validation (par époque)',
    'validation accuracy': 'exactitude de validation',
    'step': 'pas',
    'loss': 'perte',
    'accuracy': 'exactitude',
    '&Stop': '&Arrêter',
    'Export &PNG…': 'Exporter en &PNG…',
    'Export &CSV…': 'Exporter en &CSV…',
    'Training data': "Données d'entraînement",
    'Data (*.csv *.csv.gz *.npy *.npz);;All files (*)': 'Données (*.csv *.csv.gz *.npy *.npz);;Tous les fichiers (*)',
    '%1 — model in effect at cell %2': '%1 — modèle en vigueur à la cellule %2',
    'preparing…': 'préparation…',
    'step %1 of %2': 'pas %1 sur %2',
    '%1 steps/s': '%1 pas/s',
    '✗ could not train: %1': '✗ entraînement impossible : %1',
    'failed': 'échec',
    'stopped at step %1': 'arrêté au pas %1',
    'verdict: pass': 'verdict : réussi',
    'verdict: fail': 'verdict : échec',
    'cannot write %1': "impossible d'écrire %1",
    'Export Curve as CSV': 'Exporter la courbe en CSV',
    'CSV (*.csv)': 'CSV (*.csv)',
    'Export': 'Exporter',
    'Export Plot as PNG': 'Exporter le graphique en PNG',
    'PNG (*.png)': 'PNG (*.png)',
    "Cell %1 · %2": "Cellule %1 · %2",
    "code": "code",
    "markdown": "markdown",
    "raw": "brute",
    "Script": "Script",
    "changed": "modifiée",
    "Accept": "Accepter",
    "Reject": "Rejeter",
    "Apply this fix (click again to undo)": "Appliquer cette correction (cliquer de nouveau pour annuler)",
    "No automatic fix: edit by hand": "Pas de correction automatique : modifier à la main",
    "accepted": "acceptée",
    "rejected": "rejetée",
    "pending": "en attente",
    "not applied": "non appliquée",
    "Cancel": "Annuler",
    "Keras Migration Workbench": "Atelier de migration Keras",
    "&File": "&Fichier",
    "&Open Repository…": "&Ouvrir un dépôt…",
    "&Save File": "&Enregistrer le fichier",
    "&Quit": "&Quitter",
    "&Review": "&Revue",
    "Accept &All in File": "&Tout accepter dans le fichier",
    "Main": "Principale",
    "Rule errors: %1": "Erreurs dans les règles : %1",
    "Open Repository": "Ouvrir un dépôt",
    "%1 — Keras Migration Workbench": "%1 — Atelier de migration Keras",
    "Scanning %1…": "Analyse de %1…",
    "%1 files scanned, %2 findings": "%1 fichiers analysés, %2 constats",
    "(scan cancelled)": "(analyse annulée)",
    "Cannot open file": "Impossible d’ouvrir le fichier",
    "%1: %2 findings, %3 pending, %4 accepted, %5 rejected": "%1 : %2 constats, %3 en attente, %4 acceptés, %5 rejetés",
    "Save failed": "Échec de l’enregistrement",
    "Saved %1": "%1 enregistré",
    "Unsaved decisions": "Décisions non enregistrées",
    "Accepted fixes in these files are not saved:\n%1\n\nClose anyway and lose them?":
        "Les corrections acceptées dans ces fichiers ne sont pas enregistrées :\n%1\n\nFermer quand même et les perdre ?",
    "Open a notebook or script from the repository tree to review its findings.":
        "Ouvrez un notebook ou un script depuis l’arborescence du dépôt pour en examiner les constats.",
    "Before (original) on the left, after (accepted fixes) on the right.":
        "Avant (original) à gauche, après (corrections acceptées) à droite.",
    "Repository": "Dépôt",
    "File": "Fichier",
    "Findings": "Constats",
    "%1 (rendered notebook: skipped, regenerate after migration)":
        "%1 (notebook rendu : ignoré, à régénérer après la migration)",
    "error": "erreur",
    "%1/%2": "%1/%2",
    "outputs stale": "sorties périmées",
    "The source changed: its saved outputs no longer match it. They are kept unless \"Clear Outputs of Changed Cells\" is on when saving.":
        "Le code a changé : ses sorties enregistrées ne lui correspondent plus. Elles sont conservées sauf si « Effacer les sorties des cellules modifiées » est actif à l’enregistrement.",
    "Clear Outputs of Changed Cells": "Effacer les sorties des cellules modifiées",
    "Save A&ll": "Tout enregistrer",
    "&Edit": "É&dition",
    "&Undo": "&Annuler",
    "&Redo": "&Rétablir",
    "Re&view": "Re&vue",
    "&Next Finding": "Constat &suivant",
    "&Previous Finding": "Constat &précédent",
    "&Accept Finding": "&Accepter le constat",
    "&Reject Finding": "&Rejeter le constat",
    "Review file": "Fichier de revue",
    "This finding has no fix: edit the code by hand, or reject it.": "Ce constat n’a pas de correction : modifiez le code à la main, ou rejetez-le.",
    "No next finding.": "Pas de constat suivant.",
    "No previous finding.": "Pas de constat précédent.",
    "Accept all in %1": "Tout accepter dans %1",
    "Accept": "Accepter",
    "Reject": "Rejeter",
    "Reset": "Réinitialiser",
    "&Filter Findings": "&Filtrer les constats",
    "&Help": "&Aide",
    "&Keyboard Shortcuts": "&Raccourcis clavier",
    "Keyboard Shortcuts": "Raccourcis clavier",
    "F8 / Shift+F8\tnext / previous finding (across cells and files)\nAlt+A\taccept the current finding\nAlt+R\treject the current finding\nAlt+Shift+A\taccept every finding of the file\nCtrl+Z / Ctrl+Shift+Z\tundo / redo a decision\nCtrl+S / Ctrl+Shift+S\tsave the file / save all files\nCtrl+F\tfilter the findings table\nCtrl+O\topen a repository\nCtrl+Q\tquit (asks if accepted fixes are not saved)":
        "F8 / Maj+F8\tconstat suivant / précédent (entre cellules et fichiers)\nAlt+A\taccepter le constat courant\nAlt+R\trejeter le constat courant\nAlt+Maj+A\taccepter tous les constats du fichier\nCtrl+Z / Ctrl+Maj+Z\tannuler / rétablir une décision\nCtrl+S / Ctrl+Maj+S\tenregistrer le fichier / tous les fichiers\nCtrl+F\tfiltrer le tableau des constats\nCtrl+O\touvrir un dépôt\nCtrl+Q\tquitter (demande si des corrections acceptées ne sont pas enregistrées)",
    "Decisions whose finding is gone (the files changed outside the workbench):\n%1": "Décisions dont le constat a disparu (fichiers modifiés hors de l’atelier) :\n%1",
    "&View": "&Affichage",
    "&Hide Unchanged Cells": "&Masquer les cellules inchangées",
    "Only Files with &Findings": "Seulement les fichiers avec &constats",
    "done ✓%1 ✗%2": "fini ✓%1 ✗%2",
    "%1 ✓%2 ✗%3": "%1 ✓%2 ✗%3",
    "%1 pending, %2 accepted, %3 rejected": "%1 en attente, %2 acceptés, %3 rejetés",
    "Findings": "Constats",
    "Cell": "Cellule",
    "Line": "Ligne",
    "Rule": "Règle",
    "Severity": "Gravité",
    "Status": "État",
    "Message": "Message",
    "Filter findings (file, rule, severity, status, message)…": "Filtrer les constats (fichier, règle, gravité, état, message)…",
    "Alternative fixes: choosing one accepts it": "Corrections possibles : en choisir une l’accepte",
    "Decide for every finding of this rule, or of this cell": "Décider pour tous les constats de cette règle, ou de cette cellule",
    "Accept all “%1” in this file": "Accepter tous les « %1 » de ce fichier",
    "Reject all “%1” in this file": "Rejeter tous les « %1 » de ce fichier",
    "Accept all “%1” in the repository": "Accepter tous les « %1 » du dépôt",
    "Reject all “%1” in the repository": "Rejeter tous les « %1 » du dépôt",
    "Accept everything in this cell": "Tout accepter dans cette cellule",
    "Source:": "Source :",
    "Accept all %1": "Tout accepter : %1",
    "Reject all %1": "Tout rejeter : %1",
    "Pending Changes": "Modifications en attente",
    "Accepted fixes of the open file appear here as a diff, cell by cell, before you save.": "Les corrections acceptées du fichier ouvert apparaissent ici en diff, cellule par cellule, avant l’enregistrement.",
    "Nothing to save.": "Rien à enregistrer.",
    "Save All: confirm the changes": "Tout enregistrer : confirmer les modifications",
    "Outputs (%1)": "Sorties (%1)",
    "%1×%2 image": "image %1×%2",
    "Edit by hand": "Modifier à la main",
    "Edit the after side yourself (for findings no rule can fix); click again when done": "Modifier vous-même le côté « après » (pour les constats qu’aucune règle ne corrige) ; cliquer de nouveau pour terminer",
    "Drop hand edit": "Abandonner la modification",
    "Go back to the accepted fixes for this cell": "Revenir aux corrections acceptées pour cette cellule",
    "edited by hand": "modifiée à la main",
    "Edit cell %1 by hand": "Modifier la cellule %1 à la main",
    "Drop the hand edit of cell %1": "Abandonner la modification de la cellule %1",
    "critical": "critique",
    "high": "haute",
    "medium": "moyenne",
    "low": "basse",
    "info": "info",
    "Migration Plan": "Plan de migration",
    "Phase": "Phase",
    "Progress": "Avancement",
    "No MIGRATION_PLAN.md in this repository (kmw-cli plan PATH --generate writes one).": "Pas de MIGRATION_PLAN.md dans ce dépôt (kmw-cli plan CHEMIN --generate en écrit un).",
    "Phase %1: %2": "Phase %1 : %2",
    "Priority: %1": "Priorité : %1",
    "clean": "propre",
    "missing": "absent",
    "Named by the plan, not in this repository": "Nommé par le plan, absent de ce dépôt",
    "auto": "auto",
    "Cannot write %1: %2": "Impossible d’écrire %1 : %2",
    "Environment file": "Fichier d’environnement",
    "Apply this template, then adapt it by hand": "Appliquer ce modèle, puis l’adapter à la main",
    "Keep a Backup When Saving": "Garder une copie de sauvegarde à l’enregistrement",
    "Copy each original file to .kmw/backup/ in the repository before writing it":
        "Copier chaque fichier original dans .kmw/backup/ du dépôt avant de l’écrire",
    "On save, reset the outputs and execution count of every cell whose source changed (off: keep them, the smallest diff)":
        "À l’enregistrement, réinitialiser les sorties et le compteur d’exécution de chaque cellule dont le code a changé (désactivé : les garder, le plus petit diff)",
}
PLURALS = {
    "%n finding(s)": ("%n constat", "%n constats"),
    "%n obsolete decision(s)": ("%n décision obsolète", "%n décisions obsolètes"),
    "%n unchanged cell(s) hidden (View › Hide Unchanged Cells).": ("%n cellule inchangée masquée (Affichage › Masquer les cellules inchangées).", "%n cellules inchangées masquées (Affichage › Masquer les cellules inchangées)."),
    "%n finding(s)": ("%n constat", "%n constats"),
    "%n file(s) could not be read": ("%n fichier illisible", "%n fichiers illisibles"),
}

path = sys.argv[1] if len(sys.argv) > 1 else "translations/kmw_fr.ts"
tree = ET.parse(path)
missing = []
for message in tree.iter("message"):
    source = message.find("source").text or ""
    translation = message.find("translation")
    for child in list(translation):
        translation.remove(child)
    translation.text = None
    translation.attrib.pop("type", None)
    if message.get("numerus") == "yes" and source in PLURALS:
        for form in PLURALS[source]:
            ET.SubElement(translation, "numerusform").text = form
    elif source in FR:
        translation.text = FR[source]
    else:
        translation.set("type", "unfinished")
        missing.append(source)
out = ET.tostring(tree.getroot(), encoding="unicode")
with open(path, "w", encoding="utf-8") as f:
    f.write('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + out + "\n")
if missing:
    print("untranslated:", *missing, sep="\n  ")
    sys.exit(1)
