<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR">
<context>
    <name>DecisionCommand</name>
    <message>
        <source>Accept</source>
        <translation>Accepter</translation>
    </message>
    <message>
        <source>Reject</source>
        <translation>Rejeter</translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>Réinitialiser</translation>
    </message>
    <message>
        <source>Edit cell %1 by hand</source>
        <translation>Modifier la cellule %1 à la main</translation>
    </message>
    <message>
        <source>Drop the hand edit of cell %1</source>
        <translation>Abandonner la modification de la cellule %1</translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <source>%1×%2 image</source>
        <translation>image %1×%2</translation>
    </message>
    <message>
        <source>(not run: %1)</source>
        <translation>(non exécutée : %1)</translation>
    </message>
</context>
<context>
    <name>kmw::CellWidget</name>
    <message>
        <source>Cell %1 · %2</source>
        <translation>Cellule %1 · %2</translation>
    </message>
    <message>
        <source>code</source>
        <translation>code</translation>
    </message>
    <message>
        <source>markdown</source>
        <translation>markdown</translation>
    </message>
    <message>
        <source>raw</source>
        <translation>brute</translation>
    </message>
    <message>
        <source>Script</source>
        <translation>Script</translation>
    </message>
    <message>
        <source>changed</source>
        <translation>modifiée</translation>
    </message>
    <message numerus="yes">
        <source>%n finding(s)</source>
        <translation>
            <numerusform>%n constat</numerusform>
            <numerusform>%n constats</numerusform>
        </translation>
    </message>
    <message>
        <source>The source changed: its saved outputs no longer match it. They are kept unless &quot;Clear Outputs of Changed Cells&quot; is on when saving.</source>
        <translation>Le code a changé : ses sorties enregistrées ne lui correspondent plus. Elles sont conservées sauf si « Effacer les sorties des cellules modifiées » est actif à l’enregistrement.</translation>
    </message>
    <message>
        <source>outputs stale</source>
        <translation>sorties périmées</translation>
    </message>
    <message>
        <source>Environment file</source>
        <translation>Fichier d’environnement</translation>
    </message>
    <message>
        <source>Edit by hand</source>
        <translation>Modifier à la main</translation>
    </message>
    <message>
        <source>Edit the after side yourself (for findings no rule can fix); click again when done</source>
        <translation>Modifier vous-même le côté « après » (pour les constats qu’aucune règle ne corrige) ; cliquer de nouveau pour terminer</translation>
    </message>
    <message>
        <source>Drop hand edit</source>
        <translation>Abandonner la modification</translation>
    </message>
    <message>
        <source>Go back to the accepted fixes for this cell</source>
        <translation>Revenir aux corrections acceptées pour cette cellule</translation>
    </message>
    <message>
        <source>Outputs (%1)</source>
        <translation>Sorties (%1)</translation>
    </message>
    <message>
        <source>%1×%2 image</source>
        <translation>image %1×%2</translation>
    </message>
    <message>
        <source>edited by hand</source>
        <translation>modifiée à la main</translation>
    </message>
    <message>
        <source>Smoke Train</source>
        <translation>Entraînement d&apos;essai</translation>
    </message>
    <message>
        <source>Train the migrated model in effect here for a few epochs in LibTorch and plot the loss (Ctrl+T)</source>
        <translation>Entraîner le modèle migré en vigueur ici pendant quelques époques dans LibTorch et tracer la perte (Ctrl+T)</translation>
    </message>
    <message>
        <source>Run both sides: %1</source>
        <translation>Exécution des deux côtés : %1</translation>
    </message>
</context>
<context>
    <name>kmw::FindingRow</name>
    <message>
        <source>Accept</source>
        <translation>Accepter</translation>
    </message>
    <message>
        <source>Reject</source>
        <translation>Rejeter</translation>
    </message>
    <message>
        <source>Apply this fix (click again to undo)</source>
        <translation>Appliquer cette correction (cliquer de nouveau pour annuler)</translation>
    </message>
    <message>
        <source>No automatic fix: edit by hand</source>
        <translation>Pas de correction automatique : modifier à la main</translation>
    </message>
    <message>
        <source>accepted</source>
        <translation>acceptée</translation>
    </message>
    <message>
        <source>rejected</source>
        <translation>rejetée</translation>
    </message>
    <message>
        <source>pending</source>
        <translation>en attente</translation>
    </message>
    <message>
        <source>not applied</source>
        <translation>non appliquée</translation>
    </message>
    <message>
        <source>Apply this template, then adapt it by hand</source>
        <translation>Appliquer ce modèle, puis l’adapter à la main</translation>
    </message>
    <message>
        <source>Alternative fixes: choosing one accepts it</source>
        <translation>Corrections possibles : en choisir une l’accepte</translation>
    </message>
    <message>
        <source>Decide for every finding of this rule, or of this cell</source>
        <translation>Décider pour tous les constats de cette règle, ou de cette cellule</translation>
    </message>
    <message>
        <source>Accept all “%1” in this file</source>
        <translation>Accepter tous les « %1 » de ce fichier</translation>
    </message>
    <message>
        <source>Reject all “%1” in this file</source>
        <translation>Rejeter tous les « %1 » de ce fichier</translation>
    </message>
    <message>
        <source>Accept all “%1” in the repository</source>
        <translation>Accepter tous les « %1 » du dépôt</translation>
    </message>
    <message>
        <source>Reject all “%1” in the repository</source>
        <translation>Rejeter tous les « %1 » du dépôt</translation>
    </message>
    <message>
        <source>Accept everything in this cell</source>
        <translation>Tout accepter dans cette cellule</translation>
    </message>
    <message>
        <source>Source:</source>
        <translation>Source :</translation>
    </message>
    <message numerus="yes">
        <source>(%n line(s) in all: see the after side)</source>
        <translation>
            <numerusform>(%n ligne en tout : voir le côté après)</numerusform>
            <numerusform>(%n lignes en tout : voir le côté après)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>(the generated code, %n line(s): hover to read it, ⋯ to copy it)</source>
        <translation>
            <numerusform>(le code généré, %n ligne : survolez pour le lire, ⋯ pour le copier)</numerusform>
            <numerusform>(le code généré, %n lignes : survolez pour le lire, ⋯ pour le copier)</numerusform>
        </translation>
    </message>
    <message>
        <source>Copy the generated code</source>
        <translation>Copier le code généré</translation>
    </message>
</context>
<context>
    <name>kmw::FindingsDock</name>
    <message>
        <source>accepted</source>
        <translation>acceptée</translation>
    </message>
    <message>
        <source>rejected</source>
        <translation>rejetée</translation>
    </message>
    <message>
        <source>pending</source>
        <translation>en attente</translation>
    </message>
    <message>
        <source>Findings</source>
        <translation>Constats</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Fichier</translation>
    </message>
    <message>
        <source>Cell</source>
        <translation>Cellule</translation>
    </message>
    <message>
        <source>Line</source>
        <translation>Ligne</translation>
    </message>
    <message>
        <source>Rule</source>
        <translation>Règle</translation>
    </message>
    <message>
        <source>Severity</source>
        <translation>Gravité</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>État</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Message</translation>
    </message>
    <message>
        <source>Filter findings (file, rule, severity, status, message)…</source>
        <translation>Filtrer les constats (fichier, règle, gravité, état, message)…</translation>
    </message>
    <message>
        <source>critical</source>
        <translation>critique</translation>
    </message>
    <message>
        <source>high</source>
        <translation>haute</translation>
    </message>
    <message>
        <source>medium</source>
        <translation>moyenne</translation>
    </message>
    <message>
        <source>low</source>
        <translation>basse</translation>
    </message>
    <message>
        <source>info</source>
        <translation>info</translation>
    </message>
</context>
<context>
    <name>kmw::MainWindow</name>
    <message>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <source>Keras Migration Workbench</source>
        <translation>Atelier de migration Keras</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Fichier</translation>
    </message>
    <message>
        <source>&amp;Open Repository…</source>
        <translation>&amp;Ouvrir un dépôt…</translation>
    </message>
    <message>
        <source>&amp;Save File</source>
        <translation>&amp;Enregistrer le fichier</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Quitter</translation>
    </message>
    <message>
        <source>Accept &amp;All in File</source>
        <translation>&amp;Tout accepter dans le fichier</translation>
    </message>
    <message>
        <source>Main</source>
        <translation>Principale</translation>
    </message>
    <message>
        <source>Rule errors: %1</source>
        <translation>Erreurs dans les règles : %1</translation>
    </message>
    <message>
        <source>Open Repository</source>
        <translation>Ouvrir un dépôt</translation>
    </message>
    <message>
        <source>%1 — Keras Migration Workbench</source>
        <translation>%1 — Atelier de migration Keras</translation>
    </message>
    <message>
        <source>Scanning %1…</source>
        <translation>Analyse de %1…</translation>
    </message>
    <message>
        <source>%1 files scanned, %2 findings</source>
        <translation>%1 fichiers analysés, %2 constats</translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) could not be read</source>
        <translation>
            <numerusform>%n fichier illisible</numerusform>
            <numerusform>%n fichiers illisibles</numerusform>
        </translation>
    </message>
    <message>
        <source>(scan cancelled)</source>
        <translation>(analyse annulée)</translation>
    </message>
    <message>
        <source>Cannot open file</source>
        <translation>Impossible d’ouvrir le fichier</translation>
    </message>
    <message>
        <source>%1: %2 findings, %3 pending, %4 accepted, %5 rejected</source>
        <translation>%1 : %2 constats, %3 en attente, %4 acceptés, %5 rejetés</translation>
    </message>
    <message>
        <source>Save failed</source>
        <translation>Échec de l’enregistrement</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>%1 enregistré</translation>
    </message>
    <message>
        <source>Unsaved decisions</source>
        <translation>Décisions non enregistrées</translation>
    </message>
    <message>
        <source>Accepted fixes in these files are not saved:
%1

Close anyway and lose them?</source>
        <translation>Les corrections acceptées dans ces fichiers ne sont pas enregistrées :
%1

Fermer quand même et les perdre ?</translation>
    </message>
    <message>
        <source>Clear Outputs of Changed Cells</source>
        <translation>Effacer les sorties des cellules modifiées</translation>
    </message>
    <message>
        <source>On save, reset the outputs and execution count of every cell whose source changed (off: keep them, the smallest diff)</source>
        <translation>À l’enregistrement, réinitialiser les sorties et le compteur d’exécution de chaque cellule dont le code a changé (désactivé : les garder, le plus petit diff)</translation>
    </message>
    <message>
        <source>Keep a Backup When Saving</source>
        <translation>Garder une copie de sauvegarde à l’enregistrement</translation>
    </message>
    <message>
        <source>Copy each original file to .kmw/backup/ in the repository before writing it</source>
        <translation>Copier chaque fichier original dans .kmw/backup/ du dépôt avant de l’écrire</translation>
    </message>
    <message>
        <source>Save A&amp;ll</source>
        <translation>Tout enregistrer</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>É&amp;dition</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>&amp;Annuler</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>&amp;Rétablir</translation>
    </message>
    <message>
        <source>Re&amp;view</source>
        <translation>Re&amp;vue</translation>
    </message>
    <message>
        <source>&amp;Next Finding</source>
        <translation>Constat &amp;suivant</translation>
    </message>
    <message>
        <source>&amp;Previous Finding</source>
        <translation>Constat &amp;précédent</translation>
    </message>
    <message>
        <source>&amp;Accept Finding</source>
        <translation>&amp;Accepter le constat</translation>
    </message>
    <message>
        <source>&amp;Reject Finding</source>
        <translation>&amp;Rejeter le constat</translation>
    </message>
    <message>
        <source>Review file</source>
        <translation>Fichier de revue</translation>
    </message>
    <message>
        <source>This finding has no fix: edit the code by hand, or reject it.</source>
        <translation>Ce constat n’a pas de correction : modifiez le code à la main, ou rejetez-le.</translation>
    </message>
    <message>
        <source>No next finding.</source>
        <translation>Pas de constat suivant.</translation>
    </message>
    <message>
        <source>No previous finding.</source>
        <translation>Pas de constat précédent.</translation>
    </message>
    <message>
        <source>Accept all in %1</source>
        <translation>Tout accepter dans %1</translation>
    </message>
    <message>
        <source>&amp;Filter Findings</source>
        <translation>&amp;Filtrer les constats</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Affichage</translation>
    </message>
    <message>
        <source>&amp;Hide Unchanged Cells</source>
        <translation>&amp;Masquer les cellules inchangées</translation>
    </message>
    <message>
        <source>Only Files with &amp;Findings</source>
        <translation>Seulement les fichiers avec &amp;constats</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Aide</translation>
    </message>
    <message>
        <source>&amp;Keyboard Shortcuts</source>
        <translation>&amp;Raccourcis clavier</translation>
    </message>
    <message>
        <source>Decisions whose finding is gone (the files changed outside the workbench):
%1</source>
        <translation>Décisions dont le constat a disparu (fichiers modifiés hors de l’atelier) :
%1</translation>
    </message>
    <message numerus="yes">
        <source>%n obsolete decision(s)</source>
        <translation>
            <numerusform>%n décision obsolète</numerusform>
            <numerusform>%n décisions obsolètes</numerusform>
        </translation>
    </message>
    <message>
        <source>Keyboard Shortcuts</source>
        <translation>Raccourcis clavier</translation>
    </message>
    <message>
        <source>Accept all %1</source>
        <translation>Tout accepter : %1</translation>
    </message>
    <message>
        <source>Reject all %1</source>
        <translation>Tout rejeter : %1</translation>
    </message>
    <message>
        <source>Pending Changes</source>
        <translation>Modifications en attente</translation>
    </message>
    <message>
        <source>Accepted fixes of the open file appear here as a diff, cell by cell, before you save.</source>
        <translation>Les corrections acceptées du fichier ouvert apparaissent ici en diff, cellule par cellule, avant l’enregistrement.</translation>
    </message>
    <message>
        <source>Nothing to save.</source>
        <translation>Rien à enregistrer.</translation>
    </message>
    <message>
        <source>Save All: confirm the changes</source>
        <translation>Tout enregistrer : confirmer les modifications</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>Impossible d’écrire %1 : %2</translation>
    </message>
    <message>
        <source>&amp;Model</source>
        <translation>&amp;Modèle</translation>
    </message>
    <message>
        <source>&amp;Smoke Train Cell</source>
        <translation>&amp;Entraînement d&apos;essai de la cellule</translation>
    </message>
    <message>
        <source>Train the migrated model in effect at the current cell for a few epochs in LibTorch</source>
        <translation>Entraîner le modèle migré en vigueur à la cellule courante pendant quelques époques dans LibTorch</translation>
    </message>
    <message>
        <source>S&amp;top Training</source>
        <translation>&amp;Arrêter l&apos;entraînement</translation>
    </message>
    <message>
        <source>Smoke Train &amp;TorchScript Module…</source>
        <translation>Entraînement d&apos;essai d&apos;un module &amp;TorchScript…</translation>
    </message>
    <message>
        <source>TorchScript Module</source>
        <translation>Module TorchScript</translation>
    </message>
    <message>
        <source>TorchScript (*.pt *.pth);;All files (*)</source>
        <translation>TorchScript (*.pt *.pth);;Tous les fichiers (*)</translation>
    </message>
    <message>
        <source>Cannot record the smoke run: %1</source>
        <translation>Impossible d&apos;enregistrer l&apos;entraînement d&apos;essai : %1</translation>
    </message>
    <message>
        <source>Migration &amp;Target</source>
        <translation>Ci&amp;ble de la migration</translation>
    </message>
    <message>
        <source>Target:</source>
        <translation>Cible :</translation>
    </message>
    <message>
        <source>Change the migration target</source>
        <translation>Changer la cible de la migration</translation>
    </message>
    <message>
        <source>Accepted fixes in these files are not saved:
%1

The other target has other findings. Switch anyway? The decisions stay in .kmw/review.json for when you switch back.</source>
        <translation>Des corrections acceptées dans ces fichiers ne sont pas enregistrées :
%1

L&apos;autre cible a d&apos;autres constats. Changer quand même ? Les décisions restent dans .kmw/review.json pour quand vous reviendrez.</translation>
    </message>
    <message>
        <source>Migration target: %1</source>
        <translation>Cible de la migration : %1</translation>
    </message>
    <message>
        <source>Run &amp;Both Sides</source>
        <translation>Exécuter les &amp;deux côtés</translation>
    </message>
    <message>
        <source>Run the open file as it is under Keras 2 and as migrated, cell by cell, and compare</source>
        <translation>Exécuter le fichier ouvert tel quel sous Keras 2 et tel que migré, cellule par cellule, et comparer</translation>
    </message>
    <message>
        <source>Stop Running</source>
        <translation>Arrêter l’exécution</translation>
    </message>
    <message>
        <source>Python &amp;Interpreter…</source>
        <translation>&amp;Interpréteur Python…</translation>
    </message>
    <message>
        <source>Python Interpreter with the Frameworks</source>
        <translation>Interpréteur Python avec les frameworks</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>Tous les fichiers (*)</translation>
    </message>
    <message>
        <source>Python for running both sides: %1</source>
        <translation>Python pour exécuter les deux côtés : %1</translation>
    </message>
    <message>
        <source>Open a notebook or script first</source>
        <translation>Ouvrez d’abord un notebook ou un script</translation>
    </message>
    <message>
        <source>Cannot run both sides: %1 (Review › Python Interpreter…)</source>
        <translation>Impossible d’exécuter les deux côtés : %1 (Revue › Interpréteur Python…)</translation>
    </message>
    <message>
        <source>Running %1 on both sides…</source>
        <translation>Exécution de %1 des deux côtés…</translation>
    </message>
    <message>
        <source>Run of both sides stopped</source>
        <translation>Exécution des deux côtés arrêtée</translation>
    </message>
    <message>
        <source>Cannot keep the run in .kmw/run.json: %1</source>
        <translation>Impossible de garder l’exécution dans .kmw/run.json : %1</translation>
    </message>
    <message>
        <source>&amp;Verify in Python</source>
        <translation>&amp;Vérifier dans Python</translation>
    </message>
    <message>
        <source>Run the model at the current cell in Keras 2, Keras 3 on PyTorch and plain PyTorch with the same weights, and compare them</source>
        <translation>Exécuter le modèle de la cellule courante dans Keras 2, Keras 3 sur PyTorch et PyTorch seul avec les mêmes poids, et les comparer</translation>
    </message>
    <message>
        <source>Stop &amp;Verifying</source>
        <translation>Arrêter la &amp;vérification</translation>
    </message>
    <message>
        <source>F8 / Shift+F8	next / previous finding (across cells and files)
Alt+A	accept the current finding
Alt+R	reject the current finding
Alt+Shift+A	accept every finding of the file
Ctrl+Z / Ctrl+Shift+Z	undo / redo a decision
Ctrl+S / Ctrl+Shift+S	save the file / save all files
Ctrl+F	filter the findings table
Ctrl+T / Ctrl+Shift+Y	smoke-train / verify in Python the model at the current cell
Ctrl+Shift+R	run the file on both sides
Ctrl+O	open a repository
Ctrl+Q	quit (asks if accepted fixes are not saved)</source>
        <translation>F8 / Maj+F8	constat suivant / précédent (entre cellules et fichiers)
Alt+A	accepter le constat courant
Alt+R	rejeter le constat courant
Alt+Maj+A	accepter tous les constats du fichier
Ctrl+Z / Ctrl+Maj+Z	annuler / rétablir une décision
Ctrl+S / Ctrl+Maj+S	enregistrer le fichier / tout enregistrer
Ctrl+F	filtrer la table des constats
Ctrl+T / Ctrl+Maj+Y	entraînement d’essai / vérification dans Python du modèle de la cellule courante
Ctrl+Maj+R	exécuter le fichier des deux côtés
Ctrl+O	ouvrir un dépôt
Ctrl+Q	quitter (demande si des corrections acceptées ne sont pas enregistrées)</translation>
    </message>
    <message>
        <source>Cannot verify: %1 (Review › Python Interpreter…)</source>
        <translation>Impossible de vérifier : %1 (Revue › Interpréteur Python…)</translation>
    </message>
    <message>
        <source>Verifying %1 in Keras 2, Keras 3 and PyTorch…</source>
        <translation>Vérification de %1 dans Keras 2, Keras 3 et PyTorch…</translation>
    </message>
    <message>
        <source>Verification stopped</source>
        <translation>Vérification arrêtée</translation>
    </message>
    <message>
        <source>Cannot keep the verification in .kmw/verify.json: %1</source>
        <translation>Impossible de garder la vérification dans .kmw/verify.json : %1</translation>
    </message>
    <message>
        <source>&amp;About Keras Migration Workbench</source>
        <translation>À &amp;propos de l’Atelier de migration Keras</translation>
    </message>
    <message>
        <source>About Keras Migration Workbench</source>
        <translation>À propos de l’Atelier de migration Keras</translation>
    </message>
    <message>
        <source>Keras Migration Workbench %1</source>
        <translation>Atelier de migration Keras %1</translation>
    </message>
    <message>
        <source>Migrates tf.keras (Keras 2) notebooks and scripts to Keras 3 on PyTorch and to plain PyTorch.</source>
        <translation>Migre les notebooks et scripts tf.keras (Keras 2) vers Keras 3 sur PyTorch et vers PyTorch seul.</translation>
    </message>
    <message>
        <source>Rule packs:</source>
        <translation>Jeux de règles :</translation>
    </message>
    <message>
        <source>Libraries:</source>
        <translation>Bibliothèques :</translation>
    </message>
    <message>
        <source>(module not found)</source>
        <translation>(module introuvable)</translation>
    </message>
    <message>
        <source>Smoke Train Saved &amp;Keras Model…</source>
        <translation>Entraînement d&apos;essai d&apos;un modèle &amp;Keras enregistré…</translation>
    </message>
    <message>
        <source>Saved Keras Model</source>
        <translation>Modèle Keras enregistré</translation>
    </message>
    <message>
        <source>Keras models (*.keras *.h5 *.hdf5);;All files (*)</source>
        <translation>Modèles Keras (*.keras *.h5 *.hdf5);;Tous les fichiers (*)</translation>
    </message>
    <message>
        <source>Plan changed on disk</source>
        <translation>Plan modifié sur le disque</translation>
    </message>
    <message>
        <source>%1 was changed by another program since it was read. Nothing was written; it was read again: tick the item again.</source>
        <translation>%1 a été modifié par un autre programme depuis sa lecture. Rien n’a été écrit ; il a été relu : cochez l’élément à nouveau.</translation>
    </message>
    <message>
        <source>%1 changed on disk and was read again</source>
        <translation>%1 a changé sur le disque et a été relu</translation>
    </message>
    <message>
        <source>File changed on disk</source>
        <translation>Fichier modifié sur le disque</translation>
    </message>
    <message>
        <source>%1 was removed or cannot be read any more; your accepted fixes stay unsaved (Save refuses).</source>
        <translation>%1 a été supprimé ou ne peut plus être lu ; vos corrections acceptées restent non enregistrées (Enregistrer refuse).</translation>
    </message>
    <message>
        <source>%1 changed on disk since it was read, and your accepted fixes in it are not saved.</source>
        <translation>%1 a changé sur le disque depuis sa lecture, et vos corrections acceptées n’y sont pas enregistrées.</translation>
    </message>
    <message>
        <source>Reload: read the new file and apply your accepted fixes to it again (see Pending Changes).
Keep Mine: write your version over it; the change on disk is shown first and then lost.
Cancel: decide later; saving this file refuses until then.</source>
        <translation>Recharger : relire le nouveau fichier et y appliquer à nouveau vos corrections acceptées (voir Modifications en attente).
Garder la mienne : écrire votre version par-dessus ; la modification sur le disque est montrée d’abord, puis perdue.
Annuler : décider plus tard ; l’enregistrement de ce fichier refuse jusque-là.</translation>
    </message>
    <message>
        <source>Reload</source>
        <translation>Recharger</translation>
    </message>
    <message>
        <source>Keep Mine</source>
        <translation>Garder la mienne</translation>
    </message>
    <message>
        <source>%1 changed on disk: your accepted fixes are not saved</source>
        <translation>%1 a changé sur le disque : vos corrections acceptées ne sont pas enregistrées</translation>
    </message>
    <message>
        <source>Keep Mine: the change on disk that would be lost</source>
        <translation>Garder la mienne : la modification sur le disque qui serait perdue</translation>
    </message>
    <message>
        <source>Writing your version of %1 loses this change made on disk:</source>
        <translation>Écrire votre version de %1 perd cette modification faite sur le disque :</translation>
    </message>
    <message>
        <source>Overwrite</source>
        <translation>Écraser</translation>
    </message>
    <message>
        <source>%1 changed on disk and was read again: %2 decision(s) kept, %3 obsolete</source>
        <translation>%1 a changé sur le disque et a été relu : %2 décision(s) conservée(s), %3 obsolète(s)</translation>
    </message>
    <message>
        <source>Your hand edits of %1, cell(s) %2, were not kept: those cells changed on disk.</source>
        <translation>Vos modifications manuelles de %1, cellule(s) %2, n’ont pas été conservées : ces cellules ont changé sur le disque.</translation>
    </message>
    <message>
        <source>Reading %1…</source>
        <translation>Lecture de %1…</translation>
    </message>
    <message>
        <source>%1 changed on disk: reading it again…</source>
        <translation>%1 a changé sur le disque : nouvelle lecture…</translation>
    </message>
</context>
<context>
    <name>kmw::NotebookView</name>
    <message>
        <source>Open a notebook or script from the repository tree to review its findings.</source>
        <translation>Ouvrez un notebook ou un script depuis l’arborescence du dépôt pour en examiner les constats.</translation>
    </message>
    <message>
        <source>Before (original) on the left, after (accepted fixes) on the right.</source>
        <translation>Avant (original) à gauche, après (corrections acceptées) à droite.</translation>
    </message>
    <message numerus="yes">
        <source>%n unchanged cell(s) hidden (View › Hide Unchanged Cells).</source>
        <translation>
            <numerusform>%n cellule inchangée masquée (Affichage › Masquer les cellules inchangées).</numerusform>
            <numerusform>%n cellules inchangées masquées (Affichage › Masquer les cellules inchangées).</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>kmw::PlanDock</name>
    <message>
        <source>Migration Plan</source>
        <translation>Plan de migration</translation>
    </message>
    <message>
        <source>Phase</source>
        <translation>Phase</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>Avancement</translation>
    </message>
    <message>
        <source>No MIGRATION_PLAN.md in this repository (kmw-cli plan PATH --generate writes one).</source>
        <translation>Pas de MIGRATION_PLAN.md dans ce dépôt (kmw-cli plan CHEMIN --generate en écrit un).</translation>
    </message>
    <message>
        <source>Phase %1: %2</source>
        <translation>Phase %1 : %2</translation>
    </message>
    <message>
        <source>Priority: %1</source>
        <translation>Priorité : %1</translation>
    </message>
    <message numerus="yes">
        <source>%n finding(s)</source>
        <translation>
            <numerusform>%n constat</numerusform>
            <numerusform>%n constats</numerusform>
        </translation>
    </message>
    <message>
        <source>clean</source>
        <translation>propre</translation>
    </message>
    <message>
        <source>missing</source>
        <translation>absent</translation>
    </message>
    <message>
        <source>Named by the plan, not in this repository</source>
        <translation>Nommé par le plan, absent de ce dépôt</translation>
    </message>
    <message>
        <source>auto</source>
        <translation>auto</translation>
    </message>
</context>
<context>
    <name>kmw::RepositoryDock</name>
    <message>
        <source>Repository</source>
        <translation>Dépôt</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Fichier</translation>
    </message>
    <message>
        <source>Findings</source>
        <translation>Constats</translation>
    </message>
    <message>
        <source>%1 (rendered notebook: skipped, regenerate after migration)</source>
        <translation>%1 (notebook rendu : ignoré, à régénérer après la migration)</translation>
    </message>
    <message>
        <source>error</source>
        <translation>erreur</translation>
    </message>
    <message>
        <source>done ✓%1 ✗%2</source>
        <translation>fini ✓%1 ✗%2</translation>
    </message>
    <message>
        <source>%1 ✓%2 ✗%3</source>
        <translation>%1 ✓%2 ✗%3</translation>
    </message>
    <message>
        <source>%1 pending, %2 accepted, %3 rejected</source>
        <translation>%1 en attente, %2 acceptés, %3 rejetés</translation>
    </message>
</context>
<context>
    <name>kmw::RunDock</name>
    <message>
        <source>Run Both Sides</source>
        <translation>Exécuter les deux côtés</translation>
    </message>
    <message>
        <source>Review › Run Both Sides runs the open notebook as it is under Keras 2 and migrated under Keras 3 (torch backend), in temporary copies, and compares what each cell prints.</source>
        <translation>Revue › Exécuter les deux côtés exécute le notebook ouvert tel quel sous Keras 2 et migré sous Keras 3 (backend torch), dans des copies temporaires, et compare ce que chaque cellule affiche.</translation>
    </message>
    <message>
        <source>%v / %m cells</source>
        <translation>%v / %m cellules</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Arrêter</translation>
    </message>
    <message>
        <source>Cell</source>
        <translation>Cellule</translation>
    </message>
    <message>
        <source>Verdict</source>
        <translation>Verdict</translation>
    </message>
    <message>
        <source>Detail</source>
        <translation>Détail</translation>
    </message>
    <message>
        <source>Original (Keras 2)</source>
        <translation>Original (Keras 2)</translation>
    </message>
    <message>
        <source>Migrated</source>
        <translation>Migré</translation>
    </message>
    <message>
        <source>Cannot run %1: %2</source>
        <translation>Impossible d’exécuter %1 : %2</translation>
    </message>
    <message numerus="yes">
        <source>Python: %1 · target %2 · %n accepted fix(es) applied in a temporary copy</source>
        <translation>
            <numerusform>Python : %1 · cible %2 · %n correction acceptée appliquée dans une copie temporaire</numerusform>
            <numerusform>Python : %1 · cible %2 · %n corrections acceptées appliquées dans une copie temporaire</numerusform>
        </translation>
    </message>
    <message>
        <source>Running %1 on both sides…</source>
        <translation>Exécution de %1 des deux côtés…</translation>
    </message>
    <message>
        <source>Original (Keras 2): cell %1 %2</source>
        <translation>Original (Keras 2) : cellule %1 %2</translation>
    </message>
    <message>
        <source>Migrated: cell %1 %2</source>
        <translation>Migré : cellule %1 %2</translation>
    </message>
    <message>
        <source>Original: %1 · migrated: %2 · seeds fixed (random, NumPy, framework, PYTHONHASHSEED) · numbers equal within 0.01%, close within 5%%</source>
        <translation>Original : %1 · migré : %2 · graines fixées (random, NumPy, framework, PYTHONHASHSEED) · nombres égaux à 0,01 % près, proches à 5 %% près</translation>
    </message>
    <message>
        <source>Cell %1</source>
        <translation>Cellule %1</translation>
    </message>
</context>
<context>
    <name>kmw::SmokeDock</name>
    <message>
        <source>Smoke Training</source>
        <translation>Entraînement d&apos;essai</translation>
    </message>
    <message>
        <source>Choose Smoke Train on a cell that builds a model (Ctrl+T).</source>
        <translation>Choisissez Entraînement d&apos;essai sur une cellule qui construit un modèle (Ctrl+T).</translation>
    </message>
    <message>
        <source>Synthetic (random teacher)</source>
        <translation>Synthétiques (professeur aléatoire)</translation>
    </message>
    <message>
        <source>Digits (8×8, 10 classes)</source>
        <translation>Chiffres (8×8, 10 classes)</translation>
    </message>
    <message>
        <source>File…</source>
        <translation>Fichier…</translation>
    </message>
    <message>
        <source>Training data: synthetic rows made to the model&apos;s shapes, scikit-learn&apos;s digits, or a CSV/NPY/NPZ file (last CSV column is the target)</source>
        <translation>Données d&apos;entraînement : lignes synthétiques aux formes du modèle, les chiffres de scikit-learn, ou un fichier CSV/NPY/NPZ (la dernière colonne CSV est la cible)</translation>
    </message>
    <message>
        <source>&amp;Data:</source>
        <translation>&amp;Données :</translation>
    </message>
    <message>
        <source>as fit()</source>
        <translation>comme fit()</translation>
    </message>
    <message>
        <source>&amp;Epochs:</source>
        <translation>É&amp;poques :</translation>
    </message>
    <message>
        <source>&amp;Batch size:</source>
        <translation>Taille de &amp;lot :</translation>
    </message>
    <message>
        <source>See&amp;d:</source>
        <translation>&amp;Graine :</translation>
    </message>
    <message>
        <source>step</source>
        <translation>pas</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>perte</translation>
    </message>
    <message>
        <source>accuracy</source>
        <translation>exactitude</translation>
    </message>
    <message>
        <source>&amp;Stop</source>
        <translation>&amp;Arrêter</translation>
    </message>
    <message>
        <source>Export &amp;PNG…</source>
        <translation>Exporter en &amp;PNG…</translation>
    </message>
    <message>
        <source>Export &amp;CSV…</source>
        <translation>Exporter en &amp;CSV…</translation>
    </message>
    <message>
        <source>Training data</source>
        <translation>Données d&apos;entraînement</translation>
    </message>
    <message>
        <source>Data (*.csv *.csv.gz *.npy *.npz);;All files (*)</source>
        <translation>Données (*.csv *.csv.gz *.npy *.npz);;Tous les fichiers (*)</translation>
    </message>
    <message>
        <source>%1 — model in effect at cell %2</source>
        <translation>%1 — modèle en vigueur à la cellule %2</translation>
    </message>
    <message>
        <source>preparing…</source>
        <translation>préparation…</translation>
    </message>
    <message>
        <source>step %1 of %2</source>
        <translation>pas %1 sur %2</translation>
    </message>
    <message>
        <source>%1 steps/s</source>
        <translation>%1 pas/s</translation>
    </message>
    <message>
        <source>✗ could not train: %1</source>
        <translation>✗ entraînement impossible : %1</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>échec</translation>
    </message>
    <message>
        <source>stopped at step %1</source>
        <translation>arrêté au pas %1</translation>
    </message>
    <message>
        <source>verdict: pass</source>
        <translation>verdict : réussi</translation>
    </message>
    <message>
        <source>verdict: fail</source>
        <translation>verdict : échec</translation>
    </message>
    <message>
        <source>cannot write %1</source>
        <translation>impossible d&apos;écrire %1</translation>
    </message>
    <message>
        <source>Export Curve as CSV</source>
        <translation>Exporter la courbe en CSV</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Exporter</translation>
    </message>
    <message>
        <source>Export Plot as PNG</source>
        <translation>Exporter le graphique en PNG</translation>
    </message>
    <message>
        <source>PNG (*.png)</source>
        <translation>PNG (*.png)</translation>
    </message>
    <message>
        <source>TorchScript module %1</source>
        <translation>Module TorchScript %1</translation>
    </message>
    <message>
        <source>The code does not say what %1 is (it comes from the data).
Value of %1:</source>
        <translation>Le code ne dit pas ce que vaut %1 (cela vient des données).
Valeur de %1 :</translation>
    </message>
    <message>
        <source>Training loss per step (smoothed); validation per epoch</source>
        <translation>Perte d&apos;entraînement par pas (lissée) ; validation par époque</translation>
    </message>
    <message>
        <source>val_loss</source>
        <translation>val_loss</translation>
    </message>
    <message>
        <source>val_accuracy</source>
        <translation>val_accuracy</translation>
    </message>
    <message>
        <source>check %1: step %2 of %3</source>
        <translation>contrôle %1 : étape %2 sur %3</translation>
    </message>
    <message>
        <source>⏱ scaled to the budget: %1</source>
        <translation>⏱ réduit pour tenir dans le budget : %1</translation>
    </message>
    <message>
        <source>ⓘ taken from the notebook&apos;s outputs: %1</source>
        <translation>ⓘ tiré des sorties du notebook : %1</translation>
    </message>
</context>
<context>
    <name>kmw::TargetSelector</name>
    <message>
        <source>What the rules migrate to: Keras 3 on the PyTorch backend, or plain PyTorch (nn.Module, an explicit training loop, DataLoader)</source>
        <translation>Ce vers quoi les règles migrent : Keras 3 sur le backend PyTorch, ou PyTorch seul (nn.Module, une boucle d&apos;entraînement explicite, DataLoader)</translation>
    </message>
    <message>
        <source>Keras 3 on PyTorch (keras3-torch)</source>
        <translation>Keras 3 sur PyTorch (keras3-torch)</translation>
    </message>
    <message>
        <source>Plain PyTorch (keras-to-pytorch)</source>
        <translation>PyTorch seul (keras-to-pytorch)</translation>
    </message>
</context>
<context>
    <name>kmw::VerifyDock</name>
    <message>
        <source>equal</source>
        <translation>égal</translation>
    </message>
    <message>
        <source>diverged</source>
        <translation>divergent</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>échec</translation>
    </message>
    <message>
        <source>not run</source>
        <translation>non exécuté</translation>
    </message>
    <message>
        <source>Verify</source>
        <translation>Vérification</translation>
    </message>
    <message>
        <source>Model › Verify in Python runs each model of the open file in Keras 2, Keras 3 on PyTorch and plain PyTorch with the same weights.</source>
        <translation>Modèle › Vérifier dans Python exécute chaque modèle du fichier ouvert dans Keras 2, Keras 3 sur PyTorch et PyTorch seul avec les mêmes poids.</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Arrêter</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modèle</translation>
    </message>
    <message>
        <source>Check</source>
        <translation>Contrôle</translation>
    </message>
    <message>
        <source>Keras 2</source>
        <translation>Keras 2</translation>
    </message>
    <message>
        <source>Keras 3 (torch)</source>
        <translation>Keras 3 (torch)</translation>
    </message>
    <message>
        <source>PyTorch</source>
        <translation>PyTorch</translation>
    </message>
    <message>
        <source>Layer</source>
        <translation>Couche</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>Output shape</source>
        <translation>Forme de sortie</translation>
    </message>
    <message>
        <source>Keras 3 max |diff|</source>
        <translation>Keras 3 max |écart|</translation>
    </message>
    <message>
        <source>PyTorch max |diff|</source>
        <translation>PyTorch max |écart|</translation>
    </message>
    <message>
        <source>Cannot verify: %1</source>
        <translation>Impossible de vérifier : %1</translation>
    </message>
    <message numerus="yes">
        <source>Verifying %n model(s) of %1 in %2…</source>
        <translation>
            <numerusform>Vérification de %n modèle de %1 dans %2…</numerusform>
            <numerusform>Vérification de %n modèles de %1 dans %2…</numerusform>
        </translation>
    </message>
    <message>
        <source>model %1: %2 %3</source>
        <translation>modèle %1 : %2 %3</translation>
    </message>
    <message numerus="yes">
        <source>%1: %2 of %n model(s) equal to Keras 2 (outputs within %3 absolute or %4 relative, the loss after the training steps within %5 relative)</source>
        <translation>
            <numerusform>%1 : %2 sur %n modèle égal à Keras 2 (sorties à %3 près en absolu ou %4 en relatif, perte après les pas d’entraînement à %5 près en relatif)</numerusform>
            <numerusform>%1 : %2 sur %n modèles égaux à Keras 2 (sorties à %3 près en absolu ou %4 en relatif, perte après les pas d’entraînement à %5 près en relatif)</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 (%2): %3</source>
        <translation>%1 (%2) : %3</translation>
    </message>
    <message>
        <source>cell %1</source>
        <translation>cellule %1</translation>
    </message>
    <message>
        <source>line %1</source>
        <translation>ligne %1</translation>
    </message>
    <message>
        <source>builds</source>
        <translation>se construit</translation>
    </message>
    <message>
        <source>parameters</source>
        <translation>paramètres</translation>
    </message>
    <message>
        <source>layer shapes</source>
        <translation>formes des couches</translation>
    </message>
    <message>
        <source>output</source>
        <translation>sortie</translation>
    </message>
    <message>
        <source>loss (one batch)</source>
        <translation>perte (un lot)</translation>
    </message>
    <message>
        <source>gradient norms</source>
        <translation>normes des gradients</translation>
    </message>
    <message>
        <source>loss after training steps</source>
        <translation>perte après les pas d’entraînement</translation>
    </message>
    <message>
        <source>verdict</source>
        <translation>verdict</translation>
    </message>
    <message>
        <source>reference</source>
        <translation>référence</translation>
    </message>
    <message>
        <source> at %1</source>
        <translation> à %1</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>oui</translation>
    </message>
    <message>
        <source>shape differs</source>
        <translation>forme différente</translation>
    </message>
    <message>
        <source>%1 failed at %2:</source>
        <translation>%1 a échoué à l’étape %2 :</translation>
    </message>
    <message>
        <source>note: %1</source>
        <translation>note : %1</translation>
    </message>
    <message>
        <source>note (%1): %2</source>
        <translation>note (%1) : %2</translation>
    </message>
    <message>
        <source>Keras 2 ran, sliced from the file:</source>
        <translation>Keras 2 a exécuté, extrait du fichier :</translation>
    </message>
</context>
</TS>
